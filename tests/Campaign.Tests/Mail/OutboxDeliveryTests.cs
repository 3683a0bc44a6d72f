using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Mail;

/// <summary>Mail queued by a feature, through the worker, to a real SMTP server (tests/smtp-sink).</summary>
public sealed class OutboxDeliveryTests(MailApp app) : IntegrationTest<MailApp>(app)
{
    private SmtpSink _sink = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _sink = await SmtpSink.GetAsync();
        App.SendingTo(_sink.SmtpPort);
    }

    [Fact]
    public async Task A_committed_mail_arrives_once_with_text_and_html_and_danish_letters_intact()
    {
        var to = SmtpSink.Recipient();
        var mail = MailApp.Mail(to, subject: "Velkommen i fællesskabet – ÆØÅ æøå") with
        {
            Headers = new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = "<https://talomensomhed.dk/nyhedsbrev/afmeld?t=abc>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            },
        };

        var id = (await App.EnqueueAsync(mail)).Single();

        var message = Assert.Single(await _sink.WaitForAsync(to));
        Assert.Equal("Velkommen i fællesskabet – ÆØÅ æøå", message.Subject);
        Assert.Equal("multipart/alternative", message.ContentType);
        Assert.Contains("Kære Søren", message.Text);
        Assert.Contains("høre fra os", message.Text);
        Assert.Contains("Bekræft min adresse:\nhttps://talomensomhed.dk/nyhedsbrev/bekraeft?t=Zm9vYmFy", message.Text);
        Assert.Contains("<h1", message.Html);
        Assert.Contains("Kære Søren", message.Html);
        Assert.Contains("""href="https://talomensomhed.dk/nyhedsbrev/bekraeft?t=Zm9vYmFy""", message.Html);
        Assert.Equal($"<{id:N}@talomensomhed.dk>", message.MessageId);
        Assert.Contains("Tal om ensomhed", message.From);
        Assert.Contains("<noreply@talomensomhed.dk>", message.From);
        Assert.Contains("Søren Ærø", message.To);
        Assert.Equal(["noreply@talomensomhed.dk", to], [message.Envelope.From, .. message.Envelope.To]);
        Assert.Contains("List-Unsubscribe: <https://talomensomhed.dk/nyhedsbrev/afmeld?t=abc>", message.RawHeaders);
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", message.RawHeaders);
        // Non-ASCII header text is MIME-encoded on the wire, never raw 8-bit.
        Assert.All(message.RawHeaders, line => Assert.True(line.All(char.IsAscii), line));

        var row = (await App.WaitForRowsAsync([id], m => m.Status == OutboxStatus.Sent, "the mail to be marked sent")).Single();
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.SentAt);
        Assert.Null(row.LeaseOwner);
        // The bodies held a live link: once delivered, only what reports need is kept.
        Assert.Equal("", row.TextBody);
        Assert.Equal("", row.HtmlBody);
        Assert.Null(row.Headers);
        Assert.Equal(to, row.ToAddress);
        Assert.Equal("Velkommen i fællesskabet – ÆØÅ æøå", row.Subject);
        Assert.Equal(mail.IdempotencyKey, row.IdempotencyKey);
        Assert.Equal(OutboxStatus.Sent, row.Status);
        await Task.Delay(500);
        Assert.Single(await _sink.MessagesToAsync(to));
    }

    [Fact]
    public async Task A_mail_whose_transaction_is_rolled_back_is_never_sent()
    {
        var rolledBack = SmtpSink.Recipient();
        var committed = SmtpSink.Recipient();

        await App.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var outbox = services.GetRequiredService<Outbox>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            outbox.Enqueue(MailApp.Mail(rolledBack, key: $"rollback:{rolledBack}"));
            await db.SaveChangesAsync();
            outbox.Signal();
            // The worker polls several times while the row is written but not committed.
            await Task.Delay(400);
            await transaction.RollbackAsync();
            return 0;
        });

        // A mail committed afterwards arrives, so the worker has run since the rollback.
        var id = (await App.EnqueueAsync(MailApp.Mail(committed))).Single();
        await _sink.WaitForAsync(committed);
        await App.WaitForRowsAsync([id], m => m.Status == OutboxStatus.Sent, "the committed mail to be marked sent");

        Assert.Empty(await _sink.MessagesToAsync(rolledBack));
        var stored = await App.With(services =>
            services.GetRequiredService<Outbox>().IsQueuedAsync($"rollback:{rolledBack}", default));
        Assert.False(stored);
    }

    [Fact]
    public async Task A_permanent_refusal_fails_the_mail_at_once_without_retries()
    {
        var refused = SmtpSink.Recipient("refuse");

        var id = (await App.EnqueueAsync(MailApp.Mail(refused))).Single();

        var row = (await App.WaitForRowsAsync([id], m => m.Status == OutboxStatus.Failed, "the refused mail to fail")).Single();
        Assert.Equal(1, row.Attempts);
        Assert.Contains("550", row.LastError);
        Assert.Contains("Mailbox unavailable", row.LastError);
        Assert.Null(row.LeaseOwner);

        // Well past the first retry time: a failed mail is never picked up again.
        App.Clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(500);
        Assert.Equal(1, (await App.FindAsync(id))!.Attempts);
        Assert.Empty(await _sink.MessagesToAsync(refused));
    }

    [Fact]
    public async Task A_temporary_refusal_is_retried_after_a_minute()
    {
        var deferred = SmtpSink.Recipient("defer");
        var before = App.Clock.GetUtcNow().UtcDateTime;

        var id = (await App.EnqueueAsync(MailApp.Mail(deferred))).Single();

        var row = (await App.WaitForRowsAsync([id], m => m.Attempts >= 1, "the first attempt")).Single();
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("450", row.LastError);
        Assert.InRange(row.NextAttemptAt, before.AddSeconds(59), App.Clock.GetUtcNow().UtcDateTime.AddSeconds(61));

        App.Clock.Advance(TimeSpan.FromSeconds(65));
        row = (await App.WaitForRowsAsync([id], m => m.Attempts >= 2, "the second attempt")).Single();
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.True(row.NextAttemptAt - App.Clock.GetUtcNow().UtcDateTime > TimeSpan.FromSeconds(100), "The second retry waits two minutes.");
    }

    [Fact]
    public async Task The_same_idempotency_key_is_queued_only_once()
    {
        var to = SmtpSink.Recipient();
        var key = $"idempotent:{to}";

        var ids = await App.EnqueueAsync(MailApp.Mail(to, key: key), MailApp.Mail(to, key: key));
        Assert.Equal(ids[0], ids[1]);
        await _sink.WaitForAsync(to);

        // A repeat in a later request is refused by the database; the caller's save fails rather than mailing twice.
        var error = await Assert.ThrowsAnyAsync<DbUpdateException>(() => App.EnqueueAsync(MailApp.Mail(to, key: key)));
        Assert.True(await App.With(services => services.GetRequiredService<Outbox>().IsQueuedAsync(key, default)));
        await Task.Delay(300);
        Assert.Single(await _sink.MessagesToAsync(to));

        // EF logs the refused INSERT at error level; that is the expected outcome here, anything else is not.
        var logged = App.Errors.ToList();
        App.Errors.Clear();
        foreach (var entry in logged.Where(e => !(e.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal) && e.Contains("IdempotencyKey"))))
        {
            App.Errors.Enqueue(entry);
        }

        Assert.NotNull(error);
    }

    [Fact]
    public async Task Enqueue_refuses_malformed_mail_before_it_is_stored()
    {
        await App.With(services =>
        {
            var outbox = services.GetRequiredService<Outbox>();
            var to = SmtpSink.Recipient();
            Assert.Throws<ArgumentException>(() => outbox.Enqueue(MailApp.Mail("ikke en adresse")));
            Assert.Throws<ArgumentException>(() => outbox.Enqueue(MailApp.Mail(to) with { Headers = new Dictionary<string, string> { ["Bcc"] = "alle@example.org" } }));
            Assert.Throws<ArgumentException>(() => outbox.Enqueue(MailApp.Mail(to) with { Headers = new Dictionary<string, string> { ["X-Note"] = "a\nBcc: b@example.org" } }));
            Assert.Empty(services.GetRequiredService<CampaignDb>().ChangeTracker.Entries<OutboxMessage>());
            return Task.FromResult(0);
        });
    }

    [Fact]
    public async Task A_line_break_in_a_stored_name_or_subject_gives_one_line_headers_and_a_delivered_mail()
    {
        var to = SmtpSink.Recipient();
        var mail = MailApp.Mail(to, subject: "To linjer\r\nBcc: alle@example.org") with { ToName = "Søren\r\nBcc: alle@example.org\u0007" };

        var id = (await App.EnqueueAsync(mail)).Single();

        var message = Assert.Single(await _sink.WaitForAsync(to));
        Assert.Equal("To linjer  Bcc: alle@example.org", message.Subject);
        Assert.Equal([to], message.Envelope.To);
        Assert.DoesNotContain(message.RawHeaders, h => h.StartsWith("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(OutboxStatus.Sent, (await App.WaitForRowsAsync([id], m => m.Status != OutboxStatus.Pending, "the mail to be sent")).Single().Status);
    }
}
