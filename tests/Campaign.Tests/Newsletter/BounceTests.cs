using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Tests.Mail;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Newsletter;
using Campaign.Web.Features.Newsletter.Bounces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Newsletter;

/// <summary>
/// Bounces from a real IMAP mailbox (Dovecot, started by test.sh): the newsletter goes out through the SMTP sink, the
/// receiving servers' delivery status notifications (Postfix, Exchange, a full mailbox) arrive in the bounce mailbox
/// with the Message-ID the sink received, and the reader ends deliveries to addresses that cannot receive mail.
/// </summary>
public sealed class BounceTests(BounceApp app) : IntegrationTest<BounceApp>(app)
{
    [ImapFact]
    public async Task Hard_bounces_from_Postfix_and_Exchange_stop_the_next_issue_and_show_in_the_report()
    {
        var sink = await SmtpSink.GetAsync();
        App.SendingTo(sink.SmtpPort);
        var unknownAtPostfix = SmtpSink.Recipient("ukendt");
        var unknownAtExchange = SmtpSink.Recipient("fratraadt");
        var onHoliday = SmtpSink.Recipient("ferie");
        foreach (var address in new[] { unknownAtPostfix, unknownAtExchange, onHoliday })
        {
            await SubscribeAsync(address);
        }

        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var first = await SendIssueAsync(editor, $"Nyt fra Tal om ensomhed {Guid.NewGuid().ToString("N")[..6]}");
        async Task<string> ReceivedIdAsync(string address) => (await sink.WaitForSubjectAsync(address, first.Subject)).MessageId;

        var delivered = await BounceMailbox.DeliverAsync(App.Mailbox,
            BounceMailbox.Dsn("postfix-hard-5.1.1.eml", unknownAtPostfix, await ReceivedIdAsync(unknownAtPostfix)),
            BounceMailbox.Dsn("exchange-hard-5.1.10.eml", unknownAtExchange, await ReceivedIdAsync(unknownAtExchange)),
            BounceMailbox.Dsn("auto-reply.eml", onHoliday, await ReceivedIdAsync(onHoliday)),
            BounceMailbox.Dsn("postfix-hard-5.1.1.eml", SmtpSink.Recipient("aldrig-tilmeldt"), $"{Guid.NewGuid():N}@talomensomhed.dk"));
        await ReadAsync();

        Assert.Equal(SubscriberStatus.Undeliverable, (await App.SubscriberAsync(unknownAtPostfix))!.Status);
        Assert.Equal(SubscriberStatus.Undeliverable, (await App.SubscriberAsync(unknownAtExchange))!.Status);
        Assert.Equal(SubscriberStatus.Confirmed, (await App.SubscriberAsync(onHoliday))!.Status);
        var bounces = await BouncesAsync(b => b.IssueId == first.Id);
        Assert.Equal(
            [(unknownAtExchange, BounceKind.Hard, "5.1.10", true), (unknownAtPostfix, BounceKind.Hard, "5.1.1", true)],
            bounces.OrderBy(b => b.Address).Select(b => (b.Address, b.Kind, b.Status, b.MadeUndeliverable)));
        Assert.Contains("User unknown", bounces.Single(b => b.Address == unknownAtPostfix).Diagnostic);

        // Every message read, the auto-reply and the unknown address's bounce too, is flagged \Seen and moved away.
        Assert.Empty(await BounceMailbox.ContentsAsync(App.Mailbox));
        var processed = await BounceMailbox.ContentsAsync(App.Processed);
        Assert.All(delivered, id => Assert.True(processed.GetValueOrDefault(id), $"{id} is not in {App.Processed} flagged \\Seen"));

        // The report on the issue's page, in Danish.
        var page = await Html.ParseAsync(await editor.GetAsync($"/redaktion/nyhedsbrev/{first.Id}"));
        Assert.Equal("2", page.QuerySelector("[data-field=hard-bounces]")!.TextContent);
        Assert.Equal("0", page.QuerySelector("[data-field=soft-bounces]")!.TextContent);
        var listed = page.QuerySelectorAll(".undeliverable-list li").Select(li => li.TextContent).ToList();
        Assert.Equal([unknownAtExchange, unknownAtPostfix], listed.Order());
        Assert.Contains("Kan ikke længere modtage mail", page.QuerySelector("#afvist")!.TextContent);

        // The subscriber list tells the editor.
        var found = await Html.ParseAsync(await editor.GetAsync($"/redaktion/nyhedsbrev/abonnenter?q={Uri.EscapeDataString(unknownAtPostfix)}"));
        var facts = found.QuerySelector("main article")!.TextContent;
        Assert.Contains("kan ikke modtage mail", facts);
        Assert.Contains("Kan ikke modtage mail siden", facts);

        // The next issue goes to the one still receiving mail only.
        var second = await SendIssueAsync(editor, $"Nyt igen {Guid.NewGuid().ToString("N")[..6]}");
        await sink.WaitForSubjectAsync(onHoliday, second.Subject);
        var prefix = IssueDispatcher.KeyPrefix(second.Id);
        var queuedTo = await App.With(s => s.GetRequiredService<CampaignDb>().OutboxMessages.Where(m => m.IdempotencyKey.StartsWith(prefix)).Select(m => m.ToAddress).ToListAsync());
        Assert.Contains(onHoliday, queuedTo);
        Assert.DoesNotContain(unknownAtPostfix, queuedTo);
        Assert.DoesNotContain(unknownAtExchange, queuedTo);
        Assert.DoesNotContain(await sink.MessagesToAsync(unknownAtPostfix), m => m.Subject == second.Subject);
    }

    [ImapFact]
    public async Task Soft_bounces_count_once_each_and_turn_hard_at_the_limit()
    {
        var full = SmtpSink.Recipient("fuld-postkasse");
        await SubscribeAsync(full);

        // Tied by address alone: the returned headers name no mail of ours (the outbox row may be long gone).
        var firstDsn = BounceMailbox.Dsn("postfix-delayed-4.2.2.eml", full, $"{Guid.NewGuid():N}@talomensomhed.dk");
        await BounceMailbox.DeliverAsync(App.Mailbox, firstDsn, BounceMailbox.Dsn("postfix-delayed-4.2.2.eml", full, $"{Guid.NewGuid():N}@talomensomhed.dk"));
        await ReadAsync();

        var subscriber = (await App.SubscriberAsync(full))!;
        Assert.Equal((SubscriberStatus.Confirmed, 2), (subscriber.Status, subscriber.SoftBounces));
        Assert.All(await BouncesAsync(b => b.Address == full), b => Assert.Equal((BounceKind.Soft, "4.2.2", "delayed", (Guid?)null), (b.Kind, b.Status, b.Action, b.IssueId)));

        // The same notification again (as after a crash before it was moved), and a round with nothing new: no change.
        await BounceMailbox.DeliverAsync(App.Mailbox, BounceMailbox.Dsn("postfix-delayed-4.2.2.eml", full, $"{Guid.NewGuid():N}@talomensomhed.dk", firstDsn.MessageId));
        await ReadAsync();
        await ReadAsync();
        subscriber = (await App.SubscriberAsync(full))!;
        Assert.Equal((SubscriberStatus.Confirmed, 2), (subscriber.Status, subscriber.SoftBounces));
        Assert.Equal(2, (await BouncesAsync(b => b.Address == full)).Count);
        Assert.Empty(await BounceMailbox.ContentsAsync(App.Mailbox));

        // The third (Bounces:SoftBounceLimit, 3 by default) makes the address undeliverable.
        await BounceMailbox.DeliverAsync(App.Mailbox, BounceMailbox.Dsn("postfix-delayed-4.2.2.eml", full, $"{Guid.NewGuid():N}@talomensomhed.dk"));
        await ReadAsync();
        subscriber = (await App.SubscriberAsync(full))!;
        Assert.Equal((SubscriberStatus.Undeliverable, 3), (subscriber.Status, subscriber.SoftBounces));
        Assert.Single(await BouncesAsync(b => b.Address == full && b.MadeUndeliverable));

        // The bounces are the subscriber's data: in the export, and erased with the subscriber.
        var (staff, _) = await App.StaffSignedInAsync();
        var export = await staff.GetAsync($"/redaktion/nyhedsbrev/abonnenter?handler=Export&id={subscriber.Id}");
        using (var json = System.Text.Json.JsonDocument.Parse(await export.Content.ReadAsStringAsync()))
        {
            var recorded = json.RootElement.GetProperty("afvisninger").EnumerateArray().ToList();
            Assert.Equal(3, recorded.Count);
            Assert.All(recorded, b => Assert.Equal(("midlertidig", "4.2.2"), (b.GetProperty("art").GetString(), b.GetProperty("statuskode").GetString())));
            Assert.Equal("kan ikke modtage mail", json.RootElement.GetProperty("abonnent").GetProperty("status").GetString());
        }

        var search = $"/redaktion/nyhedsbrev/abonnenter?q={Uri.EscapeDataString(full)}";
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(staff, search, [new("bekraeft", "ja")], $"/redaktion/nyhedsbrev/abonnenter?handler=Erase&id={subscriber.Id}")).StatusCode);
        Assert.Empty(await BouncesAsync(b => b.SubscriberId == subscriber.Id));
    }

    private Task<BounceRound> ReadAsync() => App.Services.GetRequiredService<BounceReader>().ReadOnceAsync(CancellationToken.None);

    private Task<List<Bounce>> BouncesAsync(System.Linq.Expressions.Expression<Func<Bounce, bool>> where) => App.With(s =>
        s.GetRequiredService<CampaignDb>().Bounces.AsNoTracking().Where(where).ToListAsync());

    /// <summary>Signs up for research news and confirms with a link signed as the confirmation mail's is.</summary>
    private async Task SubscribeAsync(string email)
    {
        Assert.Equal(HttpStatusCode.OK, (await App.SignUpAsync(email, "viden")).StatusCode);
        var pending = (await App.SubscriberAsync(email))!;
        var token = App.Services.GetRequiredService<NewsletterLinks>().ConfirmationToken(pending.Id, DateTime.UtcNow.AddDays(1));
        Assert.Equal(HttpStatusCode.OK, (await Signups.ConfirmAsync(App.Client(), $"http://localhost/nyhedsbrev/bekraeft?t={Uri.EscapeDataString(token)}")).StatusCode);
    }

    /// <summary>Composes an issue for everyone interested in research in the back office, sends it and waits until it is sent.</summary>
    private async Task<(Guid Id, string Subject)> SendIssueAsync(HttpClient editor, string subject)
    {
        var created = await Forms.PostAsync(editor, "/redaktion/nyhedsbrev", [new("emne", subject)]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        var saved = await Forms.PostAsync(editor, url,
        [
            new("Subject", subject),
            new("interesser", "viden"),
            new("Blocks.Count", "1"),
            new("Blocks[0].type", "richText"),
            new("Blocks[0].html", "Ny viden om ensomhed."),
            new("action", "gem"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = Guid.Parse(url.Split('/')[^1]);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(editor, url, [], $"{url}?handler=Send")).StatusCode);
        await App.WaitUntilSentAsync(id);
        return (id, subject);
    }
}
