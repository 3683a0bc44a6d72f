using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.BackOffice.Scheduling;
using Campaign.Web.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Tests.BackOffice;

/// <summary>
/// A scheduled publish of a draft that may not go live (a required field is empty) used to stop the whole application.
/// Now the running scheduler records the failure, editors see it with the reason, and the site keeps serving.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ScheduledFailureTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static async Task<(HttpClient Editor, Guid Id, string Name)> ScheduleInvalidDraftAsync(CampaignApp app, FakeTimeProvider clock)
    {
        var (editor, _) = await app.StaffSignedInAsync(Roles.Editor);
        var name = Portal.Unique("Uden indledning");
        var home = app.Services.GetRequiredService<PublishedContentCache>().Current.Root!.Id;
        var created = await Forms.PostAsync(editor, "/redaktion/indhold", [new("ParentId", home.ToString()), new("ContentType", "page"), new("Name", name)]);
        var id = Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);

        // The draft has no introduction: fine for a draft, not for a published page.
        var at = CopenhagenTime.ToLocal(clock.GetUtcNow().UtcDateTime.AddMinutes(1));
        var scheduled = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}",
            [new("dato", at.ToString("yyyy-MM-dd")), new("tid", at.ToString("HH:mm")), new("handling", "udgiv")],
            $"/redaktion/indhold/{id}?handler=Schedule");
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);

        // Planning it is allowed (the draft may be finished in time), and the editor is warned at once.
        Assert.Contains("Bemærk: som kladden er nu, kan den ikke udgives: Udfyld feltet &quot;Indledning&quot;.", await editor.GetStringAsync($"/redaktion/indhold/{id}"));
        return (editor, id, name);
    }

    [Fact]
    public async Task A_scheduled_publish_of_an_invalid_draft_fails_visibly_and_the_site_stays_up()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = new PortalApp().UseClock(clock).With("Scheduling:PollInterval", "00:00:01");
        var (editor, id, name) = await ScheduleInvalidDraftAsync(app, clock);

        // The scheduler's own loop (not a direct call) meets the due action.
        clock.Advance(TimeSpan.FromMinutes(2));
        var action = await EventuallyAsync(app, id, a => a.Status != ScheduledStatus.Waiting, clock);

        Assert.Equal(ScheduledStatus.Failed, action.Status);
        Assert.Contains("Udfyld feltet \"Indledning\"", action.Failure);
        Assert.False(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "The host is stopping.");
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/")).StatusCode);

        // Editors see it on the dashboard and on the page, with the reason in Danish.
        var dashboard = await Html.ParseAsync(await editor.GetAsync("/redaktion"));
        var failures = dashboard.QuerySelector("section[aria-labelledby=mislykkedes]")?.TextContent ?? "";
        Assert.Contains(name, failures);
        Assert.Contains("blev ikke udgivet", failures);
        Assert.Contains("Udfyld feltet \"Indledning\"", failures);
        var page = await editor.GetStringAsync($"/redaktion/indhold/{id}");
        Assert.Contains("Planlagt udgivelse mislykkedes", page);
        Assert.Contains("Udfyld feltet &quot;Indledning&quot;", page);

        // The page did not go live, and the log says what happened.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/" + UrlSegment.From(name))).StatusCode);
        Assert.Contains("Planlagt udgivelse mislykkedes", await editor.GetStringAsync("/redaktion/log"));

        // "Set" takes it off the dashboard; the page keeps showing it.
        var seen = await Forms.PostAsync(editor, "/redaktion", [], $"/redaktion?handler=Acknowledge&actionId={action.Id}");
        Assert.Equal(HttpStatusCode.Redirect, seen.StatusCode);
        Assert.Null((await Html.ParseAsync(await editor.GetAsync("/redaktion"))).QuerySelector("section[aria-labelledby=mislykkedes]"));
        Assert.Contains("Planlagt udgivelse mislykkedes", await editor.GetStringAsync($"/redaktion/indhold/{id}"));
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task A_scheduled_publish_of_a_deleted_page_is_recorded_as_failed()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = new PortalApp().UseClock(clock).With("Scheduling:PollInterval", "01:00:00");
        var (editor, id, _) = await ScheduleInvalidDraftAsync(app, clock);
        var trashed = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [], $"/redaktion/indhold/{id}?handler=Trash");
        Assert.Equal(HttpStatusCode.Redirect, trashed.StatusCode);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await app.Services.GetRequiredService<ContentScheduler>().RunDueAsync(default));

        var action = await app.With(services => services.GetRequiredService<CampaignDb>().ScheduledActions.AsNoTracking().SingleAsync(a => a.NodeId == id));
        Assert.Equal(ScheduledStatus.Failed, action.Status);
        Assert.Equal("En side i papirkurven kan ikke udgives.", action.Failure);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public void A_scheduling_interval_of_zero_stops_the_start_with_a_clear_message()
    {
        using var app = new CampaignApp().With("Scheduling:PollInterval", "00:00:00");

        var error = Assert.ThrowsAny<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Server);

        Assert.Contains("Scheduling:PollInterval must be between", error.Message);
    }

    private static async Task<ScheduledAction> EventuallyAsync(CampaignApp app, Guid nodeId, Func<ScheduledAction, bool> condition, FakeTimeProvider clock)
    {
        for (var i = 0; i < 100; i++)
        {
            var action = await app.With(services => services.GetRequiredService<CampaignDb>().ScheduledActions.AsNoTracking().SingleAsync(a => a.NodeId == nodeId));
            if (condition(action))
            {
                return action;
            }

            // Keep the fake clock moving, so the loop's one-second wait ends whenever it began.
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100);
        }

        Assert.Fail("The scheduler did not carry out the action within 10 seconds.");
        return null!;
    }
}
