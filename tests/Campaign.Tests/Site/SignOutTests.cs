using System.Net;
using AngleSharp.Html.Dom;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Site;

/// <summary>"Log ud" on /redaktion and /forening ends the session: the next visit asks for sign-in.</summary>
public sealed class SignOutTests(HostHeaderApp app) : IntegrationTest<HostHeaderApp>(app)
{
    [Fact]
    public async Task Staff_sign_out_with_the_rendered_form_ends_the_session()
    {
        var (client, _) = await App.StaffSignedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/redaktion")).StatusCode);

        var signedOut = await SignOutAsync(client, "/redaktion");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/redaktion/log-ind", signedOut.Headers.Location?.OriginalString);
        var after = await client.GetAsync("/redaktion");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/redaktion/log-ind", after.Headers.Location?.OriginalString);
        Assert.StartsWith("/forening/log-ind", (await client.GetAsync("/forening")).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Member_sign_out_with_the_rendered_form_ends_the_session()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/forening")).StatusCode);

        var signedOut = await SignOutAsync(client, "/forening");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/", signedOut.Headers.Location?.OriginalString);
        var after = await client.GetAsync("/forening");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/forening/log-ind", after.Headers.Location?.OriginalString);
        Assert.StartsWith("/redaktion/log-ind", (await client.GetAsync("/redaktion")).Headers.Location?.OriginalString);
    }

    /// <summary>Presses "Log ud" as a browser does: the form on the page, with exactly the fields it renders.</summary>
    private static async Task<HttpResponseMessage> SignOutAsync(HttpClient client, string page)
    {
        var html = await Html.ParseAsync(await client.GetAsync(page));
        var form = html.QuerySelectorAll("form[method=post]").OfType<IHtmlFormElement>()
            .Single(f => f.QuerySelector("button")?.TextContent.Trim() == "Log ud");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement;
        Assert.True(token is not null, "The sign-out form carries no antiforgery token, so the post is refused with 400.");
        var fields = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value));
        return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
    }
}
