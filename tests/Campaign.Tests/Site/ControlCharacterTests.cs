using System.Net;
using System.Xml.Linq;
using Campaign.Tests.Infrastructure;
using Campaign.Tests.Newsletter;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Site;

/// <summary>
/// Control characters: every form refuses them with the same Danish message and keeps what was typed; feeds, iCal and
/// mail still work for data stored before the check.
/// </summary>
public sealed class ControlCharacterTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private const string Refused = "usynlige styretegn";

    [Fact]
    public async Task Association_registration_refuses_a_line_break_in_the_contact_and_a_control_character_in_the_name()
    {
        var email = Portal.Unique("karen") + "@example.org";
        var fields = Portal.Registration(email, "Strikkeklubben\u0001");
        fields["Form.ContactName"] = "Karen\r\nBcc: alle@example.org";

        var response = await Forms.PostAsync(App.Client(), "/forening/opret", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Html.ParseAsync(response);
        Assert.Contains(Refused, html.Body!.TextContent);
        Assert.Equal(email, html.QuerySelector("input[name='Form.Email']")!.GetAttribute("value"));
        Assert.False(await App.With(services => services.GetRequiredService<CampaignDb>().Users.AnyAsync(u => u.Email == email)));
        Assert.False(await App.With(services => services.GetRequiredService<CampaignDb>().OutboxMessages.AnyAsync(m => m.ToAddress == email)));
    }

    [Fact]
    public async Task A_member_invitation_refuses_a_line_break_in_the_name()
    {
        var (member, _) = await App.RegisterAndSignInAsync();
        var invitee = Portal.Unique("ny") + "@example.org";

        var response = await Forms.PostAsync(member, "/forening/medlemmer", [new("InviteName", "Ole\r\nBcc: alle@example.org"), new("InviteEmail", invitee)], "/forening/medlemmer?handler=Invite");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Refused, await response.Content.ReadAsStringAsync());
        Assert.False(await App.With(services => services.GetRequiredService<CampaignDb>().Users.AnyAsync(u => u.Email == invitee)));
    }

    [Fact]
    public async Task The_event_form_refuses_a_control_character_in_the_title_but_takes_line_breaks_in_the_description()
    {
        var (member, _) = await App.RegisterAndSignInAsync();
        var title = Portal.Unique("Fællesspisning");
        var fields = Portal.EventFields(title + "\u0007");
        fields["Form.Description"] = "Første linje.\r\n\r\n\tAnden linje.";

        var refused = await Forms.PostAsync(member, "/forening/arrangement", fields);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await Html.ParseAsync(refused);
        Assert.Contains(Refused, html.Body!.TextContent);
        Assert.Contains("Anden linje.", html.QuerySelector("textarea[name='Form.Description']")!.TextContent);
        Assert.Equal("Rødovre Bibliotek", html.QuerySelector("input[name='Form.VenueName']")!.GetAttribute("value"));

        fields["Form.Title"] = title;
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(member, "/forening/arrangement", fields)).StatusCode);
        var saved = await App.With(services => services.GetRequiredService<CampaignDb>().Events.AsNoTracking().SingleAsync(e => e.Details.Title == title));
        Assert.Contains("\tAnden linje.", saved.Details.Description);
    }

    [Fact]
    public async Task The_newsletter_signup_refuses_a_control_character_in_the_name()
    {
        var email = Signups.NewEmail();

        var response = await Signups.PostAsync(App.Client(), Signups.Form(email, "Karen\u001b[31m", null, "kampagnenyt"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Refused, await response.Content.ReadAsStringAsync());
        Assert.Null(await App.SubscriberAsync(email));
    }

    [Fact]
    public async Task The_content_editor_refuses_a_control_character_in_a_page_name()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var home = App.Services.GetRequiredService<PublishedContentCache>().Current.Root!.Id;

        var created = await Forms.PostAsync(editor, "/redaktion/indhold", [new("ParentId", home.ToString()), new("ContentType", "page"), new("Name", "Om os\u0001")]);

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains(Refused, await created.Content.ReadAsStringAsync());
        Assert.False(await App.With(services => services.GetRequiredService<CampaignDb>().ContentNodes.AnyAsync(n => n.Name.StartsWith("Om os\u0001"))));

        var ok = await Forms.PostAsync(editor, "/redaktion/indhold", [new("ParentId", home.ToString()), new("ContentType", "page"), new("Name", Portal.Unique("Om os"))]);
        var id = ok.Headers.Location!.OriginalString.Split('/')[^1];
        var page = await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{id}"));
        var revision = page.QuerySelector("input[name=Revision]")!.GetAttribute("value")!;
        var renamed = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [new("Revision", revision), new("Name", "Om os\r\nigen")], $"/redaktion/indhold/{id}?handler=Save");
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Contains("én linje", await renamed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Feed_and_calendar_stay_valid_with_a_control_character_already_stored_in_an_event()
    {
        var title = Portal.Unique("Gåtur");
        var evt = await App.PublishAsync(EventBuilder.On(title, EventBuilder.Roedovre, EventBuilder.Today.AddDays(3)));
        // Stored before forms refused control characters: written straight into the database, past every rule.
        var stored = $"{title}\u0001 med\u000b kaffe\u001f";
        await App.With(services => services.GetRequiredService<CampaignDb>().Database.ExecuteSqlAsync(
            $"UPDATE \"Events\" SET \"Title\" = {stored}, \"OrganiserName\" = {"Klub\r\nBcc: x\u0002"} WHERE \"Slug\" = {evt.Slug}"));
        await App.With(async services =>
        {
            await services.GetRequiredService<EventStore>().EvictAsync(CancellationToken.None);
            return 0;
        });

        var feed = await App.Client().GetAsync("/arrangementer/feed.xml");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        var atom = XDocument.Parse(await feed.Content.ReadAsStringAsync());
        Assert.Contains(atom.Descendants(XName.Get("title", "http://www.w3.org/2005/Atom")), t => t.Value == $"{title} med kaffe");

        foreach (var path in new[] { $"/arrangementer/{evt.Slug}.ics", "/arrangementer.ics?kommune=175" })
        {
            var ics = await App.Client().GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
            var text = await ics.Content.ReadAsStringAsync();
            Assert.Contains($"SUMMARY:{title} med kaffe", text.Replace("\r\n ", "", StringComparison.Ordinal));
            Assert.DoesNotContain(text, c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'));
        }

        Assert.Equal(HttpStatusCode.OK, (await App.Client().GetAsync($"/arrangementer/{evt.Slug}")).StatusCode);
        var sitemap = await App.Client().GetAsync("/sitemap.xml");
        Assert.Equal(HttpStatusCode.OK, sitemap.StatusCode);
        XDocument.Parse(await sitemap.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_mail_to_a_name_stored_with_a_line_break_is_queued_on_one_line()
    {
        var email = Portal.Unique("gammel") + "@example.org";

        var queued = await App.With(async services =>
        {
            var outbox = services.GetRequiredService<Outbox>();
            var message = outbox.Enqueue(new OutgoingMail($"test:{email}", email, "Karen\r\nBcc: alle@example.org", "Hej\u0007 Karen", new MailContent("Tekst", "<p>Tekst</p>")));
            await services.GetRequiredService<CampaignDb>().SaveChangesAsync();
            return message;
        });

        Assert.Equal("Karen  Bcc: alle@example.org", queued.ToName);
        Assert.Equal("Hej  Karen", queued.Subject);
    }
}
