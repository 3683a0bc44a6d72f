using System.Net;
using System.Text.Json;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Newsletter;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Newsletter;

/// <summary>What is kept and for how long: the cleanup of unconfirmed and ended signups, and the staff's export and erasure.</summary>
public sealed class NewsletterDataRightsTests(NewsletterApp app) : IntegrationTest<NewsletterApp>(app)
{
    [Fact]
    public async Task The_cleanup_deletes_signups_not_confirmed_within_7_days_and_unsubscribed_ones_after_30()
    {
        var unconfirmed = Signups.NewEmail("glemt");
        var confirmed = Signups.NewEmail("aktiv");
        var leaving = Signups.NewEmail("afmeldt");
        await App.SignUpAsync(unconfirmed);
        await App.SubscribedAsync(confirmed);
        var gone = await App.SubscribedAsync(leaving);
        await App.Server.CreateClient().PostAsync($"/nyhedsbrev/afmeld/{gone.Token}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var pendingId = (await App.SubscriberAsync(unconfirmed))!.Id;
        var now = DateTime.UtcNow;

        await CleanUpAsync(now.AddDays(6));
        Assert.NotNull(await App.SubscriberAsync(unconfirmed));

        await CleanUpAsync(now.AddDays(7).AddMinutes(1));
        Assert.Null(await App.SubscriberAsync(unconfirmed));
        Assert.Empty(await App.ConsentsAsync(pendingId));
        Assert.Empty(await App.MailsAsync(unconfirmed));
        Assert.NotNull(await App.SubscriberAsync(confirmed));
        Assert.NotNull(await App.SubscriberAsync(leaving));

        await CleanUpAsync(now.AddDays(31));
        Assert.Null(await App.SubscriberAsync(leaving));
        Assert.Empty(await App.ConsentsAsync(gone.Id));
        Assert.Equal(SubscriberStatus.Confirmed, (await App.SubscriberAsync(confirmed))!.Status);
        Assert.NotEmpty(await App.ConsentsAsync((await App.SubscriberAsync(confirmed))!.Id));
    }

    [Fact]
    public async Task Staff_export_everything_held_as_json_and_erasure_leaves_no_trace_but_an_audit_entry_without_the_address()
    {
        var email = Signups.NewEmail("indsigt");
        var subscriber = await App.SubscribedAsync(email, "arrangementer");
        Assert.NotEmpty(await App.MailsAsync(email));
        var (staff, staffEmail) = await App.StaffSignedInAsync();

        var search = $"/redaktion/nyhedsbrev/abonnenter?q={Uri.EscapeDataString(email[..14])}";
        var list = await staff.GetAsync(search);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(email, await list.BodyAsync());

        var export = await staff.GetAsync($"/redaktion/nyhedsbrev/abonnenter?handler=Export&id={subscriber.Id}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/json", export.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", export.Content.Headers.ContentDisposition?.ToString());
        using var json = JsonDocument.Parse(await export.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(email, root.GetProperty("abonnent").GetProperty("email").GetString());
        Assert.Equal("tilmeldt", root.GetProperty("abonnent").GetProperty("status").GetString());
        Assert.Equal("arrangementer", root.GetProperty("abonnent").GetProperty("interesser")[0].GetString());
        Assert.Equal(175, root.GetProperty("abonnent").GetProperty("kommune").GetProperty("kode").GetInt32());
        var consent = root.GetProperty("samtykker")[0];
        Assert.Equal("2026-11", consent.GetProperty("tekstversion").GetString());
        Assert.Equal(ConsentTexts.Current.Text, consent.GetProperty("tekst").GetString());
        Assert.Equal("/nyhedsbrev", consent.GetProperty("side").GetString());
        Assert.Equal("Bekræft din tilmelding til nyhedsbrevet", root.GetProperty("mails")[0].GetProperty("emne").GetString());
        Assert.DoesNotContain(subscriber.Token, await export.Content.ReadAsStringAsync());

        var notConfirmed = await Forms.PostAsync(staff, search, [], $"/redaktion/nyhedsbrev/abonnenter?handler=Erase&id={subscriber.Id}");
        Assert.Equal(HttpStatusCode.Redirect, notConfirmed.StatusCode);
        Assert.NotNull(await App.SubscriberAsync(email));

        var erased = await Forms.PostAsync(staff, search, [new("bekraeft", "ja")], $"/redaktion/nyhedsbrev/abonnenter?handler=Erase&id={subscriber.Id}");

        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        Assert.Null(await App.SubscriberAsync(email));
        Assert.Empty(await App.ConsentsAsync(subscriber.Id));
        Assert.Empty(await App.With(services => services.GetRequiredService<CampaignDb>().OutboxMessages.Where(m => m.ToAddress.ToLower() == email).ToListAsync()));
        var audit = await App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.AsNoTracking().Where(a => a.ItemId == subscriber.Id).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["Udleverede abonnentens data", "Slettede abonnent og alle data om abonnenten"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(staffEmail, a.Who));
        Assert.False(await App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.AnyAsync(a => (a.Details ?? "").Contains(email) || a.Action.Contains(email))));
        Assert.Contains("Abonnenten er slettet", await staff.GetStringAsync("/redaktion/nyhedsbrev/abonnenter"));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/redaktion/nyhedsbrev/abonnenter?handler=Export&id={subscriber.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_subscriber_list_is_for_signed_in_staff_only()
    {
        var anonymous = await App.Client().GetAsync("/redaktion/nyhedsbrev/abonnenter");
        var (member, _) = await App.RegisterAndSignInAsync();

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/redaktion/log-ind", anonymous.Headers.Location?.OriginalString);
        Assert.NotEqual(HttpStatusCode.OK, (await member.GetAsync("/redaktion/nyhedsbrev/abonnenter")).StatusCode);
    }

    private Task<int> CleanUpAsync(DateTime now) => App.With(services => NewsletterCleanup.RunAsync(services, now, CancellationToken.None));
}
