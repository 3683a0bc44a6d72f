using AngleSharp;
using AngleSharp.Dom;

namespace Campaign.Tests.Infrastructure;

public static class Html
{
    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html));
    }
}
