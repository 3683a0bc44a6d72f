using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Tests.Newsletter;
using Campaign.Web.Content;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Media;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Cluster;

/// <summary>
/// What a visitor or an editor does through a load balancer that sends each request to either of two nodes: whatever one
/// node signed (forms, sign-in cookies, mailed links) the other reads, what one publishes the other shows at once, and
/// what one stores the other serves. Each node runs from its own content root, as in its own container.
/// </summary>
[Trait("Category", "PostgreSql")]
public sealed class TwoNodeTests
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_form_shown_by_one_node_is_accepted_by_the_other()
    {
        await using var nodes = new TwoNodes();
        var email = Signups.NewEmail("tonoder");

        // The newsletter form carries a stamp signed by the node that showed it; the sign-in form an antiforgery token and cookie.
        var signup = await TwoNodes.PostFormAsync(nodes.BrowserOnA(), nodes.BrowserOnB(), "/nyhedsbrev", "form[action='/nyhedsbrev']",
            Signups.Form(email, "Karen Nielsen", null, "kampagnenyt"));
        Assert.Equal(HttpStatusCode.OK, signup.StatusCode);
        Assert.Contains("Tjek din indbakke", await signup.Content.ReadAsStringAsync());

        var (_, member) = await nodes.A.RegisterAndSignInAsync();
        var signIn = await TwoNodes.PostFormAsync(nodes.BrowserOnA(), nodes.BrowserOnB(), "/forening/log-ind", "main form[method=post]",
            [new("Email", member), new("Password", Portal.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/forening", signIn.Headers.Location?.OriginalString);
        Assert.Empty(nodes.Errors);
    }

    [Fact]
    public async Task A_sign_in_on_one_node_holds_on_the_other()
    {
        await using var nodes = new TwoNodes();
        var (_, member) = await nodes.A.RegisterAndSignInAsync();
        var onA = nodes.BrowserOnA();
        var onB = nodes.BrowserOnB();

        var signIn = await TwoNodes.PostFormAsync(onA, onA, "/forening/log-ind", "main form[method=post]",
            [new("Email", member), new("Password", Portal.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var dashboard = await onB.GetAsync("/forening");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.NotNull((await Html.ParseAsync(dashboard)).QuerySelector("a[href='/forening/arrangement']"));

        // A form that B shows (antiforgery from B's copy of the key ring) posts on A: signing out works there.
        var signOut = await TwoNodes.PostFormAsync(onB, onA, "/forening", "form[action='/forening/log-ud']", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await onB.GetAsync("/forening")).StatusCode);
        Assert.Empty(nodes.Errors);
    }

    [Fact]
    public async Task A_newsletter_link_mailed_by_one_node_confirms_on_the_other()
    {
        await using var nodes = new TwoNodes();
        var email = Signups.NewEmail("tonoder");
        var signup = await TwoNodes.PostFormAsync(nodes.BrowserOnA(), nodes.BrowserOnA(), "/nyhedsbrev", "form[action='/nyhedsbrev']",
            Signups.Form(email, "Karen Nielsen", null, "kampagnenyt"));
        Assert.Equal(HttpStatusCode.OK, signup.StatusCode);
        var link = Signups.ConfirmLink(await nodes.A.LastMailAsync(email));

        var confirmed = await Signups.ConfirmAsync(nodes.BrowserOnB(), link);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Tak! Du er tilmeldt", await confirmed.Content.ReadAsStringAsync());
        Assert.Equal(Campaign.Web.Features.Newsletter.SubscriberStatus.Confirmed, (await nodes.B.SubscriberAsync(email))!.Status);
        Assert.Empty(nodes.Errors);
    }

    [Fact]
    public async Task A_page_published_on_one_node_is_fresh_on_the_other_within_two_seconds()
    {
        await using var nodes = new TwoNodes();
        var onB = nodes.BrowserOnB();
        var (id, url) = await nodes.A.CreateAsync(Pages.UniqueName("Fra node A"), Pages.Text("Første udgave"));
        await TwoNodes.WithinAsync(Fresh, "The new page on B", async () => (await onB.GetAsync(url)).StatusCode == HttpStatusCode.OK);
        Assert.Contains("Første udgave", await onB.GetStringAsync(url));

        await RepublishAsync(nodes.A, id, "Anden udgave");

        await TwoNodes.WithinAsync(Fresh, "The new version on B", async () => (await onB.GetStringAsync(url)).Contains("Anden udgave"));
        Assert.Empty(nodes.Errors);
    }

    [Fact]
    public async Task An_image_uploaded_through_one_node_is_served_in_every_size_by_the_other()
    {
        await using var nodes = new TwoNodes();
        var editor = await nodes.A.StaffEnrolledAsync(Roles.Editor);
        var id = await UploadAsync(editor.Client, Png(2000, 1400), Portal.Unique("delt") + ".png", "Et gråt billede");

        var onB = nodes.BrowserOnB();
        var sizes = MediaEndpoints.SrcSet(id, 2000).Split(", ").Select(s => s.Split(' ')).ToList();
        Assert.True(sizes.Count >= 3, MediaEndpoints.SrcSet(id, 2000));
        foreach (var size in sizes)
        {
            var response = await onB.GetAsync(size[0]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
            using var image = NetVips.Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(int.Parse(size[1].TrimEnd('w')), image.Width);
        }

        var crop = MediaCrops.All.First();
        var cropped = await onB.GetAsync($"/media/{id}/{crop.Name}.webp");
        Assert.Equal(HttpStatusCode.OK, cropped.StatusCode);
        using (var image = NetVips.Image.NewFromBuffer(await cropped.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal((crop.Width, crop.Height), (image.Width, image.Height));
        }

        Assert.Empty(nodes.Errors);
    }

    internal static Task RepublishAsync(CampaignApp node, Guid id, string text) => node.With(async services =>
    {
        var content = services.GetRequiredService<ContentService>();
        var page = await content.LoadAsync(id, default);
        var commands = services.GetRequiredService<ContentCommands>();
        await commands.SaveDraftAsync(id, page.Revision, page.Name, Pages.Text(text), "test");
        return await commands.PublishAsync(id, "test");
    });

    internal static async Task<Event> PublishEventAsync(CampaignApp node, string title) =>
        await node.PublishAsync(On(title, Roedovre, Today.AddDays(9)));

    private static byte[] Png(int width, int height)
    {
        using var image = (NetVips.Image.Black(width, height, bands: 3) + new[] { 128.0, 128, 128 }).Cast(NetVips.Enums.BandFormat.Uchar);
        return image.PngsaveBuffer();
    }

    private static async Task<Guid> UploadAsync(HttpClient client, byte[] content, string fileName, string altText)
    {
        const string page = "/redaktion/medier/upload";
        var html = await Html.ParseAsync(await client.GetAsync(page));
        var token = html.QuerySelector("form[enctype] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent(altText), "AltText");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(file, "file", fileName);
        var response = await client.PostAsync(page, form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }
}
