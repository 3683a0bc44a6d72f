using System.Net;
using System.Text.Json;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.BackOffice.Scheduling;
using Campaign.Web.Features.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Tests.BackOffice;

/// <summary>
/// The back office's safety net, on a clock the tests move: the notice when someone else has the page open, preview
/// links that stop working after 7 days (or when withdrawn), and the list of everything planned, failures first.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SafetyNetTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static CampaignApp NewApp(FakeTimeProvider clock) =>
        new CampaignApp().UseClock(clock).With("Abuse:MinimumFillSeconds", "0").With("Abuse:SignInPermitsPerMinute", "1000").With("Scheduling:PollInterval", "01:00:00");

    private static async Task<Guid> PageAsync(CampaignApp app, HttpClient editor, string? intro)
    {
        var home = app.Services.GetRequiredService<PublishedContentCache>().Current.Root!.Id;
        var created = await Forms.PostAsync(editor, "/redaktion/indhold", [new("ParentId", home.ToString()), new("ContentType", "page"), new("Name", Portal.Unique("Kladde"))]);
        var id = Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);
        if (intro is not null)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await ContentForms.PressAsync(editor, id, "Save", ("Properties[intro]", intro))).StatusCode);
        }

        return id;
    }

    private static async Task<string?> HeartbeatAsync(HttpClient editor, Guid id)
    {
        var beat = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [], $"/redaktion/indhold/{id}/tilstede");
        Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        var message = JsonDocument.Parse(await beat.Content.ReadAsStringAsync()).RootElement.GetProperty("message");
        return message.ValueKind == JsonValueKind.Null ? null : message.GetString();
    }

    [Fact]
    public async Task Two_editors_on_one_page_are_told_about_each_other_until_one_leaves()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = NewApp(clock);
        var (anne, _) = await app.StaffSignedInAsync(Roles.Editor, "Anne Redaktør");
        var (bo, _) = await app.StaffSignedInAsync(Roles.Editor, "Bo Redaktør");
        var id = await PageAsync(app, anne, intro: null);

        var alone = await Html.ParseAsync(await anne.GetAsync($"/redaktion/indhold/{id}"));
        Assert.True(alone.QuerySelector(".bo-presence")!.HasAttribute("hidden"));

        var second = await Html.ParseAsync(await bo.GetAsync($"/redaktion/indhold/{id}"));
        var notice = second.QuerySelector(".bo-presence");
        Assert.False(notice!.HasAttribute("hidden"));
        Assert.Equal("Obs: Anne Redaktør redigerer også denne side lige nu. Tal sammen, før I gemmer, så ingen af jer mister ændringer.", notice.TextContent.Trim());
        Assert.Equal("Bo Redaktør redigerer også denne side lige nu. Tal sammen, før I gemmer, så ingen af jer mister ændringer.", await HeartbeatAsync(anne, id));

        // Bo's browser stops beating (closed laptop): after the window, Anne is alone again.
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.NotNull(await HeartbeatAsync(anne, id));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(await HeartbeatAsync(anne, id));

        // Closing the page says so at once.
        Assert.NotNull(await HeartbeatAsync(bo, id));
        Assert.NotNull(await HeartbeatAsync(anne, id));
        Assert.Equal(HttpStatusCode.NoContent, (await Forms.PostAsync(bo, $"/redaktion/indhold/{id}", [], $"/redaktion/indhold/{id}/tilstede?handler=Leave")).StatusCode);
        Assert.Null(await HeartbeatAsync(anne, id));
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task A_preview_link_shows_the_draft_without_an_account_for_7_days_and_is_refused_when_changed_expired_or_withdrawn()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = NewApp(clock);
        var (editor, _) = await app.StaffSignedInAsync(Roles.Editor);
        var id = await PageAsync(app, editor, "En kladde, kollegaen skal læse.");

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [], $"/redaktion/indhold/{id}/delelink")).StatusCode);
        var edit = await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{id}"));
        Assert.Contains("Linket er lavet.", edit.QuerySelector(".notice")?.TextContent);
        var url = new Uri(edit.QuerySelector("input.share-link")!.GetAttribute("value")!);
        Assert.StartsWith("/forhaandsvisning/", url.AbsolutePath);

        var colleague = app.Client();
        var shown = await colleague.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var html = await shown.Content.ReadAsStringAsync();
        Assert.Contains("En kladde, kollegaen skal læse.", html);
        Assert.Contains("Forhåndsvisning af en kladde", html);
        Assert.Equal("noindex, nofollow", shown.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Contains("no-store", shown.Headers.CacheControl?.ToString());

        // The newest draft, not the one at the time the link was made.
        Assert.Equal(HttpStatusCode.Redirect, (await ContentForms.PressAsync(editor, id, "Save", ("Properties[intro]", "Rettet efter kollegaens svar."))).StatusCode);
        Assert.Contains("Rettet efter kollegaens svar.", await colleague.GetStringAsync(url.PathAndQuery));

        var token = url.AbsolutePath.Split('/')[^1];
        var tampered = await colleague.GetAsync("/forhaandsvisning/" + (token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..]));
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
        Assert.Contains("Linket virker ikke", await tampered.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync("/forhaandsvisning/noget-helt-andet")).StatusCode);

        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync(url.PathAndQuery)).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await colleague.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        var expiredHtml = await Html.ParseAsync(expired);
        Assert.Equal("Linket er udløbet", expiredHtml.QuerySelector("h1")?.TextContent);
        Assert.DoesNotContain("Rettet efter kollegaens svar.", expiredHtml.Body!.TextContent);

        // A fresh link, withdrawn by an editor (signed in anew: a week has passed, and sessions last 8 hours).
        (editor, _) = await app.StaffSignedInAsync(Roles.Editor);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [], $"/redaktion/indhold/{id}/delelink")).StatusCode);
        edit = await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{id}"));
        var fresh = new Uri(edit.QuerySelector("input.share-link")!.GetAttribute("value")!).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync(fresh)).StatusCode);
        var revoke = edit.QuerySelectorAll("form").Single(f => f.GetAttribute("action")?.Contains("handler=Revoke") == true).GetAttribute("action")!;
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [], revoke)).StatusCode);
        var withdrawn = await colleague.GetAsync(fresh);
        Assert.Equal(HttpStatusCode.Gone, withdrawn.StatusCode);
        Assert.Contains("Linket er trukket tilbage", await withdrawn.Content.ReadAsStringAsync());
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task The_planned_list_shows_what_waits_and_what_failed_with_why()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = NewApp(clock);
        var (editor, _) = await app.StaffSignedInAsync(Roles.Editor);
        var failing = await PageAsync(app, editor, intro: null);
        var waiting = await PageAsync(app, editor, "Klar til at gå i luften.");
        async Task PlanAsync(Guid id, TimeSpan ahead)
        {
            var at = CopenhagenTime.ToLocal(clock.GetUtcNow().UtcDateTime + ahead);
            var planned = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [new("dato", at.ToString("yyyy-MM-dd")), new("tid", at.ToString("HH:mm")), new("handling", "udgiv")], $"/redaktion/indhold/{id}?handler=Schedule");
            Assert.Equal(HttpStatusCode.Redirect, planned.StatusCode);
        }

        await PlanAsync(failing, TimeSpan.FromMinutes(2));
        await PlanAsync(waiting, TimeSpan.FromDays(2));
        clock.Advance(TimeSpan.FromMinutes(3));
        await app.Services.GetRequiredService<ContentScheduler>().RunDueAsync(default);

        var list = await Html.ParseAsync(await editor.GetAsync("/redaktion/indhold/planlagt"));
        var failed = list.QuerySelector("#fejlede")!.ParentElement!;
        var row = failed.QuerySelectorAll("tbody tr").Single(r => r.InnerHtml.Contains(failing.ToString()));
        Assert.Contains("Mislykkedes", row.TextContent);
        Assert.Contains("Indledning", row.TextContent);
        var coming = list.QuerySelector("#kommende")!.ParentElement!;
        Assert.Contains($"/redaktion/indhold/{waiting}", coming.InnerHtml);
        Assert.DoesNotContain($"/redaktion/indhold/{failing}", coming.InnerHtml);
        Assert.Contains(CopenhagenTime.ToLocal(Start.UtcDateTime.AddDays(2)).ToString("dddd d. MMMM yyyy", Campaign.Web.Shared.Danish.Culture), coming.TextContent);
        Assert.Empty(app.Errors);
    }
}
