using Campaign.Web.Features.Events;

namespace Campaign.Tests.Events;

/// <summary>What an association's save means, decided by the event: draft, review, direct publishing, proposed changes, refusal.</summary>
public sealed class OrganiserSaveTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid AssociationId = Guid.NewGuid();

    private static EventDetails On(DateOnly day, string title = "Strikkecafé") => new EventDetails
    {
        Title = title,
        Description = "Vi strikker.",
        StartUtc = CopenhagenTime.ToUtc(day, new(10, 0))!.Value,
        EndUtc = CopenhagenTime.ToUtc(day, new(12, 0))!.Value,
        VenueName = "Biblioteket",
        StreetAddress = "Rødovre Parkvej 1",
        PostalCode = "2610",
        City = "Rødovre",
        OrganiserName = "Rødovre Frivilligcenter",
    }.WithMunicipality(175);

    private static readonly DateOnly Ahead = new(2026, 12, 10);

    private static Event New(bool send, OrganiserStanding standing, out OrganiserOutcome outcome, DateOnly? day = null)
    {
        (var evt, outcome) = Event.CreateByOrganiser(Guid.NewGuid(), "strikkecafe", On(day ?? Ahead), AssociationId, send, standing, Now);
        return evt;
    }

    [Fact]
    public void A_new_event_is_a_draft_until_it_is_sent_and_then_waits_for_review()
    {
        var draft = New(send: false, OrganiserStanding.NeedsReview, out var saved);
        var sent = New(send: true, OrganiserStanding.NeedsReview, out var submitted);

        Assert.Equal((EventStatus.Draft, OrganiserOutcome.Draft), (draft.Status, saved));
        Assert.Equal((EventStatus.Pending, OrganiserOutcome.SentForReview), (sent.Status, submitted));
    }

    [Fact]
    public void A_trusted_association_publishes_at_once_and_edits_live()
    {
        var evt = New(send: true, OrganiserStanding.Trusted, out var outcome);
        var edited = evt.SaveByOrganiser(On(Ahead, "Strikkecafé med kage"), evt.Revision, send: false, OrganiserStanding.Trusted, Now);

        Assert.Equal(OrganiserOutcome.Published, outcome);
        Assert.Equal(OrganiserOutcome.Published, edited);
        Assert.Equal("Strikkecafé med kage", evt.Details.Title);
        Assert.False(evt.HasPendingChanges);
    }

    [Fact]
    public void An_untrusted_edit_of_a_published_event_waits_beside_it()
    {
        var evt = New(send: true, OrganiserStanding.NeedsReview, out _);
        evt.Publish(Now);

        var outcome = evt.SaveByOrganiser(On(Ahead, "Strikkecafé med kage"), evt.Revision, send: false, OrganiserStanding.NeedsReview, Now);

        Assert.Equal(OrganiserOutcome.ChangesProposed, outcome);
        Assert.Equal("Strikkecafé", evt.Details.Title);
        Assert.Equal("Strikkecafé med kage", evt.ProposedDetails?.Title);
    }

    [Fact]
    public void A_pending_event_changed_while_it_waits_stays_pending()
    {
        var evt = New(send: true, OrganiserStanding.NeedsReview, out _);

        Assert.Equal(OrganiserOutcome.AwaitingReview, evt.SaveByOrganiser(On(Ahead, "Strikkecafé med kage"), evt.Revision, send: false, OrganiserStanding.NeedsReview, Now));
        Assert.Equal(EventStatus.Pending, evt.Status);
    }

    [Fact]
    public void A_rejected_association_keeps_drafts_but_sends_nothing()
    {
        var draft = New(send: false, OrganiserStanding.Rejected, out var outcome);

        Assert.Equal(OrganiserOutcome.Draft, outcome);
        Assert.Throws<EventRuleException>(() => New(send: true, OrganiserStanding.Rejected, out _));
        var refused = Assert.Throws<EventRuleException>(() => draft.SaveByOrganiser(draft.Details, draft.Revision, send: true, OrganiserStanding.Rejected, Now));
        Assert.Contains("ikke godkendt", refused.Message);
        Assert.Equal(EventStatus.Draft, draft.Status);
    }

    [Fact]
    public void An_event_that_is_over_cannot_be_sent()
    {
        var draft = New(send: false, OrganiserStanding.NeedsReview, out _, day: new DateOnly(2020, 3, 14));

        var refused = Assert.Throws<EventRuleException>(() => draft.SaveByOrganiser(draft.Details, draft.Revision, send: true, OrganiserStanding.NeedsReview, Now));

        Assert.Contains("allerede overstået", refused.Message);
        Assert.NotEqual(EventStatus.Pending, draft.Status);
    }

    [Fact]
    public void A_save_from_an_old_revision_is_refused()
    {
        var evt = New(send: false, OrganiserStanding.NeedsReview, out _);

        Assert.Throws<EventRuleException>(() => evt.SaveByOrganiser(evt.Details, evt.Revision - 1, send: false, OrganiserStanding.NeedsReview, Now));
    }
}
