using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.BackOffice.Scheduling;
using Campaign.Web.Features.Events;
using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Tests.BackOffice;

/// <summary>Publishing planned for a minute ahead happens then, on whichever node is running, even after a restart.</summary>
[Trait("Category", "Integration")]
public sealed class SchedulingTests
{
    private static readonly DateTimeOffset Start = new(2027, 2, 1, 9, 0, 0, TimeSpan.Zero);

    private static CampaignApp NewApp(FakeTimeProvider clock) =>
        new CampaignApp().UseClock(clock).With("Abuse:MinimumFillSeconds", "0").With("Abuse:SignInPermitsPerMinute", "1000").With("Scheduling:PollInterval", "01:00:00");

    private static async Task<(Guid Id, string Url)> ScheduledPageAsync(CampaignApp app, FakeTimeProvider clock)
    {
        var (editor, id, url) = await PageAsync(app, "Gem kladde");
        await ScheduleAsync(editor, id, "udgiv", clock);
        Assert.Contains("Udgives", await editor.GetStringAsync($"/redaktion/indhold/{id}"));
        return (id, url);
    }

    /// <summary>A new page under the home page with an intro, saved ("Gem kladde") or published ("Gem og udgiv") by a new editor.</summary>
    private static async Task<(HttpClient Editor, Guid Id, string Url)> PageAsync(CampaignApp app, string buttonText)
    {
        var (editor, _) = await app.StaffSignedInAsync(Roles.Editor);
        var name = Portal.Unique("Tv-spot");
        var home = app.Services.GetRequiredService<PublishedContentCache>().Current.Root!.Id;
        var created = await Forms.PostAsync(editor, "/redaktion/indhold", [new("ParentId", home.ToString()), new("ContentType", "page"), new("Name", name)]);
        var id = Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);
        var url = $"/redaktion/indhold/{id}";
        var page = await Html.ParseAsync(await editor.GetAsync(url));
        var revision = page.QuerySelector("input[name=Revision]")!.GetAttribute("value")!;
        // Pressed as a browser presses it: the button's own name and value, or its form action.
        var button = page.QuerySelectorAll("button[type=submit]").Single(b => b.TextContent.Trim() == buttonText);
        List<KeyValuePair<string, string>> fields = [new("Revision", revision), new("Name", name), new("Properties[intro]", "Nu taler vi om ensomhed i tv."), new("Blocks.Count", "0")];
        if (button.GetAttribute("name") is { Length: > 0 } field)
        {
            fields.Add(new(field, button.GetAttribute("value") ?? ""));
        }

        var saved = await Forms.PostAsync(editor, url, fields, button.GetAttribute("formaction"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return (editor, id, "/" + UrlSegment.From(name));
    }

    /// <summary>Plans <paramref name="handling"/> (udgiv or afpubliser) for the next minute on the fake clock.</summary>
    private static async Task ScheduleAsync(HttpClient editor, Guid id, string handling, FakeTimeProvider clock)
    {
        var at = CopenhagenTime.ToLocal(clock.GetUtcNow().UtcDateTime.AddMinutes(1));
        var scheduled = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}",
            [new("dato", at.ToString("yyyy-MM-dd")), new("tid", at.ToString("HH:mm")), new("handling", handling)],
            $"/redaktion/indhold/{id}?handler=Schedule");
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
    }

    private static Task<List<ScheduledAction>> PlannedAsync(CampaignApp app, Guid id) =>
        app.With(services => services.GetRequiredService<CampaignDb>().ScheduledActions.AsNoTracking().Where(a => a.NodeId == id && a.DoneAt == null).ToListAsync());

    [Fact]
    public async Task A_page_scheduled_to_come_down_goes_offline_then_and_not_before()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = NewApp(clock);
        var (editor, id, url) = await PageAsync(app, "Gem og udgiv");
        Assert.Contains("Nu taler vi om ensomhed i tv.", await app.Client().GetStringAsync(url));
        await ScheduleAsync(editor, id, "afpubliser", clock);
        Assert.Equal(ScheduledKind.Unpublish, Assert.Single(await PlannedAsync(app, id)).Kind);
        var scheduler = app.Services.GetRequiredService<ContentScheduler>();

        Assert.Equal(0, await scheduler.RunDueAsync(default));
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync(url)).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await scheduler.RunDueAsync(default));

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(url)).StatusCode);
        Assert.Empty(await PlannedAsync(app, id));
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task A_cancelled_schedule_never_happens()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = NewApp(clock);
        var (editor, id, url) = await PageAsync(app, "Gem kladde");
        await ScheduleAsync(editor, id, "udgiv", clock);
        var planned = Assert.Single(await PlannedAsync(app, id));

        // The editor presses "Annullér" next to the plan, as the page offers it.
        var edit = await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{id}"));
        var cancel = edit.QuerySelectorAll("form").Single(f => f.GetAttribute("action")?.Contains("handler=CancelSchedule") == true);
        Assert.Contains(planned.Id.ToString(), cancel.GetAttribute("action"));
        var cancelled = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [], cancel.GetAttribute("action"));

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Contains("Den planlagte handling er annulleret.", await editor.GetStringAsync($"/redaktion/indhold/{id}"));
        Assert.Empty(await PlannedAsync(app, id));
        Assert.Contains("Annullerede planlagt handling",
            await app.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.Where(a => a.ItemId == id).Select(a => a.Action).ToListAsync()));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await app.Services.GetRequiredService<ContentScheduler>().RunDueAsync(default));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(url)).StatusCode);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task A_page_scheduled_a_minute_ahead_goes_live_then_and_not_before()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = NewApp(clock);
        var (_, url) = await ScheduledPageAsync(app, clock);
        var scheduler = app.Services.GetRequiredService<ContentScheduler>();

        Assert.Equal(0, await scheduler.RunDueAsync(default));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(url)).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await scheduler.RunDueAsync(default));

        Assert.Contains("Nu taler vi om ensomhed i tv.", await app.Client().GetStringAsync(url));
        Assert.Equal(0, await scheduler.RunDueAsync(default));
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task A_scheduled_publish_survives_a_restart()
    {
        var clock = new FakeTimeProvider(Start);
        await using var before = NewApp(clock);
        var (_, url) = await ScheduledPageAsync(before, clock);

        // A new process on the same database: nothing of the plan lives in memory.
        var restartedClock = new FakeTimeProvider(Start.AddMinutes(5));
        await using var after = CampaignApp.SecondNode(before).UseClock(restartedClock);
        var client = after.Client();

        // The restarted node's scheduler looks at start; the page goes live without anyone asking again.
        for (var i = 0; i < 50 && (await client.GetAsync(url)).StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains("Nu taler vi om ensomhed i tv.", await client.GetStringAsync(url));
        Assert.Equal(0, await after.Services.GetRequiredService<ContentScheduler>().RunDueAsync(default));
        Assert.Empty(after.Errors);
    }
}
