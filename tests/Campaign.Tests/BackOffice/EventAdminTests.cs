using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.BackOffice;

/// <summary>
/// Events in the back office: editors create, edit, cancel and feature events, which go live without moderation and
/// are logged; the list filters and acts on many events at once; only editors and administrators get in.
/// </summary>
public sealed class EventAdminTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private Task<Event> StoredAsync(Guid id) => App.With(s => s.GetRequiredService<CampaignDb>().Events.AsNoTracking().SingleAsync(e => e.Id == id));

    private Task<List<string>> AuditAsync(Guid id) => App.With(s => s.GetRequiredService<CampaignDb>().AuditEntries.AsNoTracking().Where(a => a.ItemId == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

    private static async Task<Guid> CreateAsync(HttpClient editor, string title)
    {
        var fields = Portal.EventFields(title);
        fields.Remove("handling");
        fields["Form.OrganiserName"] = "Social- og Boligstyrelsen";
        var created = await Forms.PostAsync(editor, "/redaktion/arrangementer/ny", fields);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    [Fact]
    public async Task An_editors_event_is_live_at_once_without_moderation_and_logged()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var title = Portal.Unique("Landsdækkende march");

        var id = await CreateAsync(editor, title);

        var stored = await StoredAsync(id);
        Assert.Equal(EventStatus.Published, stored.Status);
        Assert.Null(stored.AssociationId);
        Assert.Equal(["Oprettede og offentliggjorde arrangement"], await AuditAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await App.Client().GetAsync($"/arrangementer/{stored.Slug}")).StatusCode);
        Assert.Contains("Arrangementet er gemt og vises i kalenderen.", (await Html.ParseAsync(await editor.GetAsync($"/redaktion/arrangementer/{id}"))).QuerySelector(".notice")?.TextContent);

        // An edit is live at once too.
        var edited = await Forms.PostAsync(editor, $"/redaktion/arrangementer/{id}", new Dictionary<string, string>(Portal.EventFields(title + " i Rødovre")) { ["Form.Revision"] = stored.Revision.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Contains(title + " i Rødovre", await App.Client().GetStringAsync($"/arrangementer/{stored.Slug}"));
        Assert.Equal(["Oprettede og offentliggjorde arrangement", "Rettede arrangement"], await AuditAsync(id));
    }

    [Fact]
    public async Task An_editor_features_and_cancels_an_event_and_the_calendar_shows_both()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var title = Portal.Unique("Danmark spiser sammen");
        var id = await CreateAsync(editor, title);

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(editor, $"/redaktion/arrangementer/{id}", [new("fremhaev", "true")], $"/redaktion/arrangementer/{id}?handler=Feature")).StatusCode);
        Assert.True((await StoredAsync(id)).IsFeatured);
        var calendar = await Html.ParseAsync(await App.Client().GetAsync("/arrangementer"));
        Assert.Contains(title, calendar.QuerySelector("section.featured-events")?.TextContent);

        var missing = await Forms.PostAsync(editor, $"/redaktion/arrangementer/{id}", [new("besked", " ")], $"/redaktion/arrangementer/{id}?handler=Cancel");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("Skriv en kort besked til deltagerne om aflysningen.", (await Html.ParseAsync(missing)).QuerySelector(".error-summary")?.TextContent);
        Assert.Equal(EventStatus.Published, (await StoredAsync(id)).Status);

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(editor, $"/redaktion/arrangementer/{id}", [new("besked", "Aflyst på grund af storm.")], $"/redaktion/arrangementer/{id}?handler=Cancel")).StatusCode);
        var cancelled = await StoredAsync(id);
        Assert.Equal(EventStatus.Cancelled, cancelled.Status);
        Assert.Contains("Aflyst på grund af storm.", await App.Client().GetStringAsync($"/arrangementer/{cancelled.Slug}"));
        Assert.Equal(["Oprettede og offentliggjorde arrangement", "Fremhævede arrangement", "Aflyste arrangement"], await AuditAsync(id));
    }

    [Fact]
    public async Task The_list_filters_by_status_and_municipality_and_acts_on_the_ticked_events()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var word = EventBuilder.UniqueWord();
        var pending = await App.SaveEventAsync(EventBuilder.On($"Venter {word}", EventBuilder.Aalborg, EventBuilder.Today.AddDays(10)), EventStatus.Pending);
        var draft = await App.SaveEventAsync(EventBuilder.On($"Kladde {word}", EventBuilder.Aalborg, EventBuilder.Today.AddDays(11)), EventStatus.Draft);
        var elsewhere = await App.SaveEventAsync(EventBuilder.On($"Andetsteds {word}", EventBuilder.Odsherred, EventBuilder.Today.AddDays(12)), EventStatus.Pending);

        var list = await Html.ParseAsync(await editor.GetAsync($"/redaktion/arrangementer?status=afventer&kommune={EventBuilder.Aalborg}"));
        var ticks = list.QuerySelectorAll("input[name=ids]").Select(i => i.GetAttribute("value")).ToList();
        Assert.Contains(pending.Id.ToString(), ticks);
        Assert.DoesNotContain(draft.Id.ToString(), ticks);
        Assert.DoesNotContain(elsewhere.Id.ToString(), ticks);

        var bad = await editor.GetAsync("/redaktion/arrangementer?status=forsvundet&fra=32-13-2026");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Status \"forsvundet\" findes ikke.", (await Html.ParseAsync(bad)).QuerySelector(".error-summary")?.TextContent);

        var approved = await Forms.PostAsync(editor, "/redaktion/arrangementer", [new("ids", pending.Id.ToString()), new("ids", draft.Id.ToString()), new("handling", "godkend")]);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(EventStatus.Published, (await StoredAsync(pending.Id)).Status);
        Assert.Equal(EventStatus.Published, (await StoredAsync(draft.Id)).Status);
        Assert.Equal(["Godkendte arrangement"], await AuditAsync(pending.Id));

        // Cancelling needs a message; an event that cannot be cancelled is named, the others go through.
        var refused = await Forms.PostAsync(editor, "/redaktion/arrangementer", [new("ids", pending.Id.ToString()), new("handling", "aflys")]);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(EventStatus.Published, (await StoredAsync(pending.Id)).Status);
        var cancelled = await Forms.PostAsync(editor, "/redaktion/arrangementer", [new("ids", pending.Id.ToString()), new("ids", elsewhere.Id.ToString()), new("handling", "aflys"), new("besked", "Aflyst.")]);
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(EventStatus.Cancelled, (await StoredAsync(pending.Id)).Status);
        Assert.Equal(EventStatus.Pending, (await StoredAsync(elsewhere.Id)).Status);
        var notice = (await Html.ParseAsync(await editor.GetAsync("/redaktion/arrangementer"))).QuerySelector(".notice")?.TextContent;
        Assert.Contains("1 arrangement er aflyst.", notice);
        Assert.Contains($"Andetsteds {word}", notice);
    }

    [Fact]
    public async Task Only_editors_and_administrators_reach_the_events_and_unknown_ids_are_404()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var (moderator, _) = await App.StaffSignedInAsync(Roles.Moderator);
        var evt = await App.SaveEventAsync(EventBuilder.On(Portal.Unique("Beskyttet"), EventBuilder.Roedovre, EventBuilder.Today.AddDays(5)), EventStatus.Published);

        foreach (var url in new[] { "/redaktion/arrangementer", "/redaktion/arrangementer/ny", $"/redaktion/arrangementer/{evt.Id}" })
        {
            var refused = await moderator.GetAsync(url);
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("/fejl/403") == true, $"{url}: {refused.StatusCode} {refused.Headers.Location}");
            Assert.Contains("/redaktion/log-ind", (await App.Client().GetAsync(url)).Headers.Location?.OriginalString);
        }

        var token = (await Html.ParseAsync(await moderator.GetAsync("/redaktion"))).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await moderator.PostAsync($"/redaktion/arrangementer/{evt.Id}?handler=Cancel", new FormUrlEncodedContent([new("besked", "Nej"), new("__RequestVerificationToken", token)]));
        Assert.True(post.StatusCode is HttpStatusCode.Forbidden || post.Headers.Location?.OriginalString.Contains("/fejl/403") == true, $"{post.StatusCode}");
        Assert.Equal(EventStatus.Published, (await StoredAsync(evt.Id)).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/redaktion/arrangementer/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/redaktion/arrangementer/noget-andet")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Forms.PostAsync(editor, "/redaktion/arrangementer", [new("besked", "x")], $"/redaktion/arrangementer/{Guid.NewGuid()}?handler=Cancel")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Forms.PostAsync(editor, "/redaktion/arrangementer", [new("besked", "x")], "/redaktion/arrangementer/ny?handler=Cancel")).StatusCode);
        Assert.Empty((await Html.ParseAsync(await moderator.GetAsync("/redaktion"))).QuerySelectorAll(".bo-sections a[href='/redaktion/arrangementer']"));
    }
}
