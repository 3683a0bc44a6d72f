using System.Net;
using AngleSharp.Html.Dom;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// Posts a form as a browser would: fetch the page, keep its antiforgery token and cookie, send the fields. The page's
/// first form with a token is taken, past the back-office shell's sign-out form in the top bar.
/// </summary>
public static class Forms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var page = await client.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await Html.ParseAsync(page);
        var form = html.QuerySelectorAll("form[method=post]").OfType<IHtmlFormElement>()
            .First(f => f.QuerySelector("input[name=__RequestVerificationToken]") is not null && !f.ClassList.Contains("bo-user__signout"));
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
            .Where(h => fields.All(f => f.Key != h.Key))
            .Concat(fields);
        return await client.PostAsync(action ?? pageUrl, new FormUrlEncodedContent(values));
    }
}
