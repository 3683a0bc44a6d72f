using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Associations;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Moderation;

/// <summary>Editors approve, reject and ask for changes; the public sees only what was approved; every decision is logged and mailed.</summary>
public sealed class ModerationTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private async Task<(HttpClient Association, Event Event)> SubmittedEventAsync()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var title = Portal.Unique("Fællesspisning");
        var posted = await Forms.PostAsync(client, "/forening/arrangement", Portal.EventFields(title));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var evt = await App.With(services => services.GetRequiredService<CampaignDb>().Events.AsNoTracking().SingleAsync(e => e.Details.Title == title));
        return (client, evt);
    }

    /// <summary>The event's current revision, sent with a decision as the queue's form sends the one the editor saw.</summary>
    private async Task<KeyValuePair<string, string>> SeenRevisionAsync(Guid id) => new("revision", (await StoredAsync(id)).Revision.ToString());

    private Task<Event> StoredAsync(Guid id) =>
        App.With(services => services.GetRequiredService<CampaignDb>().Events.AsNoTracking().SingleAsync(e => e.Id == id));

    private Task<List<string>> AuditFor(Guid id) =>
        App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.Where(a => a.ItemId == id).Select(a => a.Action).ToListAsync());

    /// <summary>A published event of a new association with an edit waiting for an editor; the edit adds " – nu med suppe".</summary>
    private async Task<(HttpClient Association, HttpClient Editor, Event Event)> PublishedWithProposedEditAsync()
    {
        var (association, evt) = await SubmittedEventAsync();
        var (editor, _) = await App.StaffSignedInAsync();
        var approved = await Forms.PostAsync(editor, "/redaktion/moderation", [await SeenRevisionAsync(evt.Id)], $"/redaktion/moderation?handler=Approve&id={evt.Id}");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var edited = Portal.EventFields(evt.Details.Title + " – nu med suppe");
        edited.Remove("handling");
        var saved = await Forms.PostAsync(association, $"/forening/arrangement/{evt.Id}", edited);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var stored = await StoredAsync(evt.Id);
        Assert.Equal(EventStatus.Published, stored.Status);
        Assert.Equal(evt.Details.Title + " – nu med suppe", stored.ProposedDetails?.Title);
        return (association, editor, stored);
    }

    private Task<List<string>> SubjectsForAsync(Guid? associationId) => App.With(async services =>
    {
        var db = services.GetRequiredService<CampaignDb>();
        var emails = await db.Users.Where(u => u.AssociationId == associationId).Select(u => u.Email!).ToListAsync();
        return await db.Set<OutboxMessage>().Where(m => emails.Contains(m.ToAddress)).Select(m => m.Subject + " | " + m.TextBody).ToListAsync();
    });

    [Fact]
    public async Task An_approved_event_goes_public_and_the_association_is_told()
    {
        var (_, evt) = await SubmittedEventAsync();
        var (editor, editorEmail) = await App.StaffSignedInAsync();

        var queue = await editor.GetStringAsync("/redaktion/moderation");
        Assert.Contains(evt.Details.Title, queue);
        Assert.Contains("Vi strikker og drikker kaffe.", queue);
        var approved = await Forms.PostAsync(editor, "/redaktion/moderation", [await SeenRevisionAsync(evt.Id)], $"/redaktion/moderation?handler=Approve&id={evt.Id}");

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var publicClient = App.Client();
        Assert.Equal(HttpStatusCode.OK, (await publicClient.GetAsync($"/arrangementer/{evt.Slug}")).StatusCode);
        Assert.Contains(evt.Details.Title, await publicClient.GetStringAsync("/arrangementer?kommune=175"));
        Assert.Contains(evt.Details.Title, await publicClient.GetStringAsync($"/soeg?q={Uri.EscapeDataString(evt.Details.Title)}"));
        Assert.Contains(await SubjectsForAsync(evt.AssociationId), s => s.StartsWith("Jeres arrangement er godkendt"));
        Assert.Contains(await SubjectsForAsync(evt.AssociationId), s => s.StartsWith("Vi har modtaget jeres arrangement"));
        var audit = await App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.SingleAsync(a => a.ItemId == evt.Id));
        Assert.Equal(editorEmail, audit.Who);
        Assert.Equal("Godkendte arrangement", audit.Action);
    }

    [Fact]
    public async Task A_rejection_reason_reaches_the_association()
    {
        var (association, evt) = await SubmittedEventAsync();
        var (editor, _) = await App.StaffSignedInAsync();

        await Forms.PostAsync(editor, "/redaktion/moderation", [new("reason", "Arrangementet handler ikke om fællesskab."), await SeenRevisionAsync(evt.Id)], $"/redaktion/moderation?handler=Reject&id={evt.Id}");

        Assert.Equal(EventStatus.Rejected, await App.With(services => services.GetRequiredService<CampaignDb>().Events.Where(e => e.Id == evt.Id).Select(e => e.Status).SingleAsync()));
        Assert.Contains(await SubjectsForAsync(evt.AssociationId), s => s.StartsWith("Jeres arrangement er ikke godkendt") && s.Contains("Arrangementet handler ikke om fællesskab."));
        Assert.Contains("Arrangementet handler ikke om fællesskab.", await association.GetStringAsync("/forening"));
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/arrangementer/{evt.Slug}")).StatusCode);
    }

    [Fact]
    public async Task The_public_sees_the_old_version_until_an_edit_is_approved()
    {
        var (association, evt) = await SubmittedEventAsync();
        var (editor, _) = await App.StaffSignedInAsync();
        await Forms.PostAsync(editor, "/redaktion/moderation", [await SeenRevisionAsync(evt.Id)], $"/redaktion/moderation?handler=Approve&id={evt.Id}");

        var edited = Portal.EventFields(evt.Details.Title + " – nu med suppe");
        edited.Remove("handling");
        var saved = await Forms.PostAsync(association, $"/forening/arrangement/{evt.Id}", edited);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());

        var before = await App.Client().GetStringAsync($"/arrangementer/{evt.Slug}");
        Assert.DoesNotContain("nu med suppe", before);
        Assert.Contains("nu med suppe", await editor.GetStringAsync("/redaktion/moderation"));

        await Forms.PostAsync(editor, "/redaktion/moderation", [await SeenRevisionAsync(evt.Id)], $"/redaktion/moderation?handler=ApproveChanges&id={evt.Id}");

        Assert.Contains("nu med suppe", await App.Client().GetStringAsync($"/arrangementer/{evt.Slug}"));
    }

    [Fact]
    public async Task A_decision_on_a_revision_the_editor_did_not_see_is_refused()
    {
        var (association, evt) = await SubmittedEventAsync();
        var (editor, _) = await App.StaffSignedInAsync();
        var queue = await Html.ParseAsync(await editor.GetAsync("/redaktion/moderation"));
        var seen = queue.QuerySelectorAll("form").Single(f => f.InnerHtml.Contains($"id={evt.Id}")).QuerySelector("input[name=revision]")!.GetAttribute("value")!;
        Assert.Equal(evt.Revision.ToString(), seen);

        // The association rewrites the text after the editor looked, before the click.
        var edited = Portal.EventFields(evt.Details.Title + " – nu med indsamling");
        edited.Remove("handling");
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(association, $"/forening/arrangement/{evt.Id}", edited)).StatusCode);

        var approved = await Forms.PostAsync(editor, "/redaktion/moderation", [new("revision", seen)], $"/redaktion/moderation?handler=Approve&id={evt.Id}");

        Assert.Equal(HttpStatusCode.Conflict, approved.StatusCode);
        var page = await approved.Content.ReadAsStringAsync();
        Assert.Contains("er blevet ændret af arrangøren, siden du så det", page);
        Assert.Contains("nu med indsamling", page);
        Assert.Equal(EventStatus.Pending, await App.With(services => services.GetRequiredService<CampaignDb>().Events.Where(e => e.Id == evt.Id).Select(e => e.Status).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/arrangementer/{evt.Slug}")).StatusCode);
        Assert.DoesNotContain(await SubjectsForAsync(evt.AssociationId), s => s.StartsWith("Jeres arrangement er godkendt"));

        // A decision without the revision is refused the same way; one on the new revision goes through.
        Assert.Equal(HttpStatusCode.Conflict, (await Forms.PostAsync(editor, "/redaktion/moderation", [new("reason", "Nej.")], $"/redaktion/moderation?handler=Reject&id={evt.Id}")).StatusCode);
        var fresh = await Html.ParseAsync(await editor.GetAsync("/redaktion/moderation"));
        var current = fresh.QuerySelectorAll("form").Single(f => f.InnerHtml.Contains($"id={evt.Id}")).QuerySelector("input[name=revision]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(editor, "/redaktion/moderation", [new("revision", current)], $"/redaktion/moderation?handler=Approve&id={evt.Id}")).StatusCode);
        Assert.Contains("nu med indsamling", await App.Client().GetStringAsync($"/arrangementer/{evt.Slug}"));
    }

    [Fact]
    public async Task A_change_to_a_published_event_made_after_the_editor_looked_goes_back_to_the_queue()
    {
        var (association, evt) = await SubmittedEventAsync();
        var (editor, _) = await App.StaffSignedInAsync();
        await Forms.PostAsync(editor, "/redaktion/moderation", [await SeenRevisionAsync(evt.Id)], $"/redaktion/moderation?handler=Approve&id={evt.Id}");
        var first = Portal.EventFields(evt.Details.Title + " – med kage");
        first.Remove("handling");
        await Forms.PostAsync(association, $"/forening/arrangement/{evt.Id}", first);
        var seen = await SeenRevisionAsync(evt.Id);
        var second = Portal.EventFields(evt.Details.Title + " – med reklame");
        second.Remove("handling");
        await Forms.PostAsync(association, $"/forening/arrangement/{evt.Id}", second);

        var approved = await Forms.PostAsync(editor, "/redaktion/moderation", [seen], $"/redaktion/moderation?handler=ApproveChanges&id={evt.Id}");

        Assert.Equal(HttpStatusCode.Conflict, approved.StatusCode);
        Assert.Contains("med reklame", await approved.Content.ReadAsStringAsync());
        var live = await App.Client().GetStringAsync($"/arrangementer/{evt.Slug}");
        Assert.DoesNotContain("med reklame", live);
        Assert.DoesNotContain("med kage", live);
    }

    [Fact]
    public async Task Rejected_changes_are_dropped_the_public_keeps_the_approved_version_and_the_association_hears_why()
    {
        var (association, editor, evt) = await PublishedWithProposedEditAsync();
        var title = evt.Details.Title;

        var rejected = await Forms.PostAsync(editor, "/redaktion/moderation", [new("reason", "Suppen er ikke gratis, som teksten siger."), await SeenRevisionAsync(evt.Id)],
            $"/redaktion/moderation?handler=RejectChanges&id={evt.Id}");

        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var stored = await StoredAsync(evt.Id);
        Assert.Equal(EventStatus.Published, stored.Status);
        Assert.Null(stored.PendingDetails);
        Assert.Equal(title, stored.Details.Title);
        Assert.Equal("Suppen er ikke gratis, som teksten siger.", stored.ModerationNote);
        Assert.Contains("Afviste ændringer", await AuditFor(evt.Id));
        var page = await App.Client().GetStringAsync($"/arrangementer/{evt.Slug}");
        Assert.Contains(title, page);
        Assert.DoesNotContain("nu med suppe", page);
        Assert.DoesNotContain(title + " – nu med suppe", await editor.GetStringAsync("/redaktion/moderation"));
        Assert.Contains(await SubjectsForAsync(evt.AssociationId), s => s.StartsWith("Jeres arrangement er ikke godkendt") && s.Contains("Suppen er ikke gratis, som teksten siger."));
        Assert.Contains("Suppen er ikke gratis, som teksten siger.", await association.GetStringAsync("/forening"));
    }

    [Fact]
    public async Task Changes_cannot_be_rejected_without_a_reason_and_stay_waiting()
    {
        var (_, editor, evt) = await PublishedWithProposedEditAsync();

        var rejected = await Forms.PostAsync(editor, "/redaktion/moderation", [new("reason", "  "), await SeenRevisionAsync(evt.Id)], $"/redaktion/moderation?handler=RejectChanges&id={evt.Id}");

        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Contains("Skriv en begrundelse, som arrangøren kan forstå.", await editor.GetStringAsync("/redaktion/moderation"));
        var stored = await StoredAsync(evt.Id);
        Assert.Equal(evt.PendingDetails, stored.PendingDetails);
        Assert.Equal(evt.Revision, stored.Revision);
        Assert.DoesNotContain("Afviste ændringer", await AuditFor(evt.Id));
    }

    [Fact]
    public async Task Asking_for_changes_sends_the_event_back_as_a_draft_with_the_note()
    {
        var (association, evt) = await SubmittedEventAsync();
        var (editor, _) = await App.StaffSignedInAsync();

        var asked = await Forms.PostAsync(editor, "/redaktion/moderation", [new("note", "Skriv venligst, om der er trapper."), await SeenRevisionAsync(evt.Id)], $"/redaktion/moderation?handler=RequestChanges&id={evt.Id}");

        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var stored = await StoredAsync(evt.Id);
        Assert.Equal(EventStatus.Draft, stored.Status);
        Assert.Equal("Skriv venligst, om der er trapper.", stored.ModerationNote);
        Assert.Equal(["Bad om ændringer"], await AuditFor(evt.Id));
        Assert.Contains("Skriv venligst, om der er trapper.", await association.GetStringAsync($"/forening/arrangement/{evt.Id}"));
        Assert.Contains(await SubjectsForAsync(evt.AssociationId), s => s.StartsWith("Ret venligst jeres arrangement"));
    }

    [Fact]
    public async Task A_trusted_association_publishes_directly()
    {
        var (association, email) = await App.RegisterAndSignInAsync();
        var associationId = await App.With(services => services.GetRequiredService<CampaignDb>().Users.Where(u => u.Email == email).Select(u => u.AssociationId!.Value).SingleAsync());
        var (editor, _) = await App.StaffSignedInAsync();
        await Forms.PostAsync(editor, "/redaktion/moderation", [new("decision", "betroet")], $"/redaktion/moderation?handler=Association&id={associationId}");

        var title = Portal.Unique("Betroet gåtur");
        await Forms.PostAsync(association, "/forening/arrangement", Portal.EventFields(title));

        var evt = await App.With(services => services.GetRequiredService<CampaignDb>().Events.SingleAsync(e => e.Details.Title == title));
        Assert.Equal(EventStatus.Published, evt.Status);
        Assert.Equal(AssociationStatus.Approved, await App.With(services => services.GetRequiredService<CampaignDb>().Associations.Where(a => a.Id == associationId).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task Members_and_strangers_cannot_reach_the_back_office()
    {
        var (member, _) = await App.RegisterAndSignInAsync();

        var asMember = await member.GetAsync("/redaktion/moderation");
        Assert.Equal(HttpStatusCode.Redirect, asMember.StatusCode);
        Assert.Equal("/fejl/403", asMember.Headers.Location?.AbsolutePath);
        // A member's own valid form post cannot approve a real event waiting in the queue: sent to the 403 page, nothing stored.
        var (_, waiting) = await SubmittedEventAsync();
        var memberPost = await Forms.PostAsync(member, "/forening/arrangement", [await SeenRevisionAsync(waiting.Id)], $"/redaktion/moderation?handler=Approve&id={waiting.Id}");
        Assert.Equal(HttpStatusCode.Redirect, memberPost.StatusCode);
        Assert.Equal("/fejl/403", memberPost.Headers.Location?.AbsolutePath);
        Assert.Equal(EventStatus.Pending, (await StoredAsync(waiting.Id)).Status);
        Assert.Empty(await AuditFor(waiting.Id));

        var anonymous = await App.Client().GetAsync("/redaktion/moderation");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/redaktion/log-ind", anonymous.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Decisions_on_unknown_or_already_decided_items_are_404()
    {
        var (_, evt) = await SubmittedEventAsync();
        var (editor, _) = await App.StaffSignedInAsync();
        await Forms.PostAsync(editor, "/redaktion/moderation", [await SeenRevisionAsync(evt.Id)], $"/redaktion/moderation?handler=Approve&id={evt.Id}");

        var again = await Forms.PostAsync(editor, "/redaktion/moderation", [await SeenRevisionAsync(evt.Id)], $"/redaktion/moderation?handler=Approve&id={evt.Id}");
        var unknown = await Forms.PostAsync(editor, "/redaktion/moderation", [], $"/redaktion/moderation?handler=Approve&id={Guid.NewGuid()}");
        var unknownAssociation = await Forms.PostAsync(editor, "/redaktion/moderation", [new("decision", "godkend")], $"/redaktion/moderation?handler=Association&id={Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownAssociation.StatusCode);
    }

    [Fact]
    public async Task Staff_must_use_a_code_after_enrolment()
    {
        var (_, email) = await App.StaffSignedInAsync();
        var client = App.Client();

        var password = await Forms.PostAsync(client, "/redaktion/log-ind", [new("Email", email), new("Password", Portal.Password)]);
        Assert.StartsWith("/redaktion/log-ind/kode", password.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/redaktion")).StatusCode);

        var wrong = await Forms.PostAsync(client, "/redaktion/log-ind/kode", [new("Code", "000000")]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Koden er forkert", await wrong.Content.ReadAsStringAsync());
    }
}
