using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Partnerships;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Partnerships;

/// <summary>
/// A signed-in association asks to join its municipality's partnership, an editor decides in the moderation
/// queue, the decision is logged and mailed, and an approved association is listed on the partnership page.
/// </summary>
public sealed class JoinRequestTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private Guid KeyOf(string slug) =>
        App.Services.GetRequiredService<PublishedContentCache>().Current.Find("/lokale-partnerskaber/" + slug)!.Id;

    private Task<List<PartnershipJoinRequest>> RequestsOfAsync(string associationName) => App.With(async services =>
    {
        var db = services.GetRequiredService<CampaignDb>();
        var id = await db.Associations.Where(a => a.Name == associationName).Select(a => a.Id).SingleAsync();
        return await db.PartnershipJoinRequests.AsNoTracking().Where(r => r.AssociationId == id).ToListAsync();
    });

    private Task<List<OutboxMessage>> MailsToAsync(string email) => App.With(services =>
        services.GetRequiredService<CampaignDb>().OutboxMessages.AsNoTracking().Where(m => m.ToAddress == email).ToListAsync());

    private static async Task<string> MembersOnPageAsync(HttpClient client, string url)
    {
        var html = await Html.ParseAsync(await client.GetAsync(url));
        return html.QuerySelector("section[aria-labelledby=medlemmer]")?.TextContent ?? "";
    }

    [Fact]
    public async Task An_association_asks_an_editor_approves_and_it_is_listed_as_a_member()
    {
        var name = Portal.Unique("Strikkeklubben Rødovre");
        var (member, email) = await App.RegisterAndSignInAsync(name);
        var publicClient = App.Client();
        Assert.DoesNotContain(name, await MembersOnPageAsync(publicClient, "/lokale-partnerskaber/roedovre"));

        var form = await member.GetStringAsync("/forening/partnerskab");
        Assert.Contains("Lokalt partnerskab mod ensomhed i Rødovre", form);
        Assert.Contains("Bed om at blive medlem af partnerskabet", form);
        Assert.Contains("href=\"/forening/partnerskab\"", await member.GetStringAsync("/forening"));

        var asked = await Forms.PostAsync(member, "/forening/partnerskab", [new("besked", "Vi strikker hver tirsdag og vil gerne være med.")]);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Contains("I har bedt om at blive medlem", await member.GetStringAsync(asked.Headers.Location!.OriginalString));
        var request = Assert.Single(await RequestsOfAsync(name));
        Assert.Equal(JoinRequestStatus.Pending, request.Status);
        Assert.Equal(KeyOf("roedovre"), request.PartnershipKey);
        Assert.Equal(175, request.MunicipalityCode);
        Assert.Equal(email, request.RequestedBy);

        var (editor, editorEmail) = await App.StaffSignedInAsync();
        var queue = await Html.ParseAsync(await editor.GetAsync("/redaktion/moderation"));
        var item = queue.QuerySelector($"article[aria-labelledby=anmodning-{request.Id}]");
        Assert.NotNull(item);
        Assert.Contains(name, item.TextContent);
        Assert.Contains("Vi strikker hver tirsdag", item.TextContent);
        Markup.AssertAccessible(queue);

        var approved = await Forms.PostAsync(editor, "/redaktion/moderation", [new("decision", "godkend")], $"/redaktion/moderation?handler=Partnership&id={request.Id}");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var after = await editor.GetStringAsync("/redaktion/moderation");
        Assert.Contains($"{name} er nu medlem af Lokalt partnerskab mod ensomhed i Rødovre.", after);
        Assert.DoesNotContain($"anmodning-{request.Id}", after);

        var decided = Assert.Single(await RequestsOfAsync(name));
        Assert.Equal(JoinRequestStatus.Approved, decided.Status);
        Assert.Equal(editorEmail, decided.DecidedBy);
        var audit = await App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.SingleAsync(a => a.ItemId == request.Id));
        Assert.Equal(editorEmail, audit.Who);
        Assert.Equal("Godkendte medlemskab af partnerskab", audit.Action);
        Assert.Equal(JoinDecisions.AuditItemType, audit.ItemType);
        var mail = Assert.Single(await MailsToAsync(email), m => m.Subject == "I er nu med i det lokale partnerskab");
        Assert.Contains(name, mail.TextBody);
        Assert.Contains("/lokale-partnerskaber/roedovre", mail.TextBody);

        // The page was cached before the approval; the approval evicted it.
        var members = await MembersOnPageAsync(publicClient, "/lokale-partnerskaber/roedovre");
        Assert.Contains(name, members);
        Assert.Contains("Rødovre Kommune", members);
        Assert.DoesNotContain(name, await MembersOnPageAsync(publicClient, "/lokale-partnerskaber/odsherred"));

        Assert.Contains("I er medlem af partnerskabet", await member.GetStringAsync("/forening/partnerskab"));
        // The page offers no form once approved; a post made anyway (with the token from another portal page) changes nothing.
        var again = await Forms.PostAsync(member, "/forening/medlemmer", [new("partnerskab", KeyOf("roedovre").ToString())], "/forening/partnerskab");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("I er allerede medlem af partnerskabet", await member.GetStringAsync("/forening/partnerskab"));
        Assert.Single(await RequestsOfAsync(name));
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_which_reaches_the_association()
    {
        var name = Portal.Unique("Løbeklubben");
        var (member, email) = await App.RegisterAndSignInAsync(name);
        await Forms.PostAsync(member, "/forening/partnerskab", []);
        var request = Assert.Single(await RequestsOfAsync(name));
        var (editor, _) = await App.StaffSignedInAsync();
        var url = $"/redaktion/moderation?handler=Partnership&id={request.Id}";

        await Forms.PostAsync(editor, "/redaktion/moderation", [new("decision", "afvis"), new("reason", "")], url);
        Assert.Equal(JoinRequestStatus.Pending, Assert.Single(await RequestsOfAsync(name)).Status);
        Assert.Contains("Skriv en begrundelse", await editor.GetStringAsync("/redaktion/moderation"));

        await Forms.PostAsync(editor, "/redaktion/moderation", [new("decision", "afvis"), new("reason", "Partnerskabet er for foreninger med aktiviteter mod ensomhed.")], url);

        Assert.Equal(JoinRequestStatus.Rejected, Assert.Single(await RequestsOfAsync(name)).Status);
        Assert.Contains(await MailsToAsync(email), m => m.Subject == "Jeres anmodning om medlemskab er ikke godkendt" && m.TextBody.Contains("Partnerskabet er for foreninger med aktiviteter mod ensomhed."));
        Assert.DoesNotContain(name, await MembersOnPageAsync(App.Client(), "/lokale-partnerskaber/roedovre"));
        var page = await member.GetStringAsync("/forening/partnerskab");
        Assert.Contains("Partnerskabet er for foreninger med aktiviteter mod ensomhed.", page);
        Assert.Contains("Bed om at blive medlem af partnerskabet", page);
        Assert.Contains(await App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.Where(a => a.ItemId == request.Id).ToListAsync()),
            a => a.Action == "Afviste medlemskab af partnerskab");
    }

    [Fact]
    public async Task Another_municipalitys_partnership_is_refused()
    {
        var name = Portal.Unique("Sangkoret");
        var (member, _) = await App.RegisterAndSignInAsync(name);

        var response = await Forms.PostAsync(member, "/forening/partnerskab", [new("partnerskab", KeyOf("odsherred").ToString())]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Html.ParseAsync(response);
        Assert.Contains("I kan kun bede om at blive medlem af partnerskabet i jeres egen kommune, Rødovre", html.QuerySelector(".error-summary")?.TextContent);
        Assert.Empty(await RequestsOfAsync(name));

        var unknown = await Forms.PostAsync(member, "/forening/partnerskab", [new("partnerskab", Guid.NewGuid().ToString())]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(await RequestsOfAsync(name));
    }

    [Fact]
    public async Task An_association_in_a_municipality_without_a_partnership_is_told_so_and_cannot_ask_elsewhere()
    {
        var name = Portal.Unique("Hvidovre Vandrelaug");
        var (member, _) = await App.RegisterAndSignInAsync(name);
        await App.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var association = await db.Associations.SingleAsync(a => a.Name == name);
            db.Entry(association).Property(a => a.MunicipalityCode).CurrentValue = 167;
            return await db.SaveChangesAsync();
        });

        var page = await Html.ParseAsync(await member.GetAsync("/forening/partnerskab"));
        Assert.Contains("Der er ikke et lokalt partnerskab i Hvidovre", page.QuerySelector("main")!.TextContent);
        Assert.Null(page.QuerySelector("form.stack-form"));

        var response = await Forms.PostAsync(member, "/forening/medlemmer", [new("partnerskab", KeyOf("roedovre").ToString())], "/forening/partnerskab");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("jeres egen kommune, Hvidovre", await response.Content.ReadAsStringAsync());
        Assert.Empty(await RequestsOfAsync(name));
    }

    [Fact]
    public async Task Anonymous_visitors_cannot_ask()
    {
        var client = App.Client();
        Task<int> CountAsync() => App.With(services => services.GetRequiredService<CampaignDb>().PartnershipJoinRequests.CountAsync());
        var before = await CountAsync();

        var get = await client.GetAsync("/forening/partnerskab");
        var post = await client.PostAsync("/forening/partnerskab", new FormUrlEncodedContent([new("partnerskab", KeyOf("roedovre").ToString())]));

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.StartsWith("/forening/log-ind", get.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/forening/log-ind", post.Headers.Location?.OriginalString);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task The_join_page_is_accessible()
    {
        var (member, _) = await App.RegisterAndSignInAsync();

        var html = await Html.ParseAsync(await member.GetAsync("/forening/partnerskab"));

        Assert.Equal("besked", html.QuerySelector("textarea")?.Id);
        Assert.NotNull(html.QuerySelector("label[for=besked]"));
        Markup.AssertAccessible(html);
    }
}
