using Campaign.Web.Features.Mail;

namespace Campaign.Tests.Mail;

public sealed class OutboxMessageTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    private static OutboxMessage NewMessage() => OutboxMessage.Create(MailApp.Mail("soeren@example.org"), Now);

    [Fact]
    public void A_new_message_is_pending_and_due_at_once()
    {
        var message = NewMessage();

        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(0, message.Attempts);
        Assert.Equal(Now, message.NextAttemptAt);
        Assert.Equal(Now, message.CreatedAt);
        Assert.Null(message.Headers);
    }

    [Fact]
    public void Transient_failures_wait_1_2_4_minutes_and_so_on_capped_at_an_hour_and_give_up_after_ten()
    {
        var message = NewMessage();
        var waits = new List<double>();
        var now = Now;
        for (var attempt = 1; attempt < OutboxMessage.MaxAttempts; attempt++)
        {
            Assert.False(message.MarkFailed("421 Service not available", permanent: false, now));
            waits.Add((message.NextAttemptAt - now).TotalMinutes);
            now = message.NextAttemptAt;
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], waits);
        Assert.Equal(OutboxStatus.Pending, message.Status);

        Assert.True(message.MarkFailed("421 Service not available", permanent: false, now));
        Assert.Equal(OutboxStatus.Failed, message.Status);
        Assert.Equal(OutboxMessage.MaxAttempts, message.Attempts);
    }

    [Fact]
    public void A_permanent_refusal_fails_at_the_first_attempt()
    {
        var message = NewMessage();

        Assert.True(message.MarkFailed("550 Mailbox unavailable", permanent: true, Now));

        Assert.Equal(OutboxStatus.Failed, message.Status);
        Assert.Equal(1, message.Attempts);
        Assert.Equal("550 Mailbox unavailable", message.LastError);
    }

    [Fact]
    public void A_retried_mail_keeps_its_bodies_until_it_is_done_with()
    {
        var message = NewMessage();
        message.MarkFailed("421 busy", permanent: false, Now);
        Assert.NotEqual("", message.TextBody);
        Assert.NotEqual("", message.HtmlBody);

        message.MarkFailed("550 Mailbox unavailable", permanent: true, Now);

        Assert.Equal("", message.TextBody);
        Assert.Equal("", message.HtmlBody);
        Assert.Equal("soeren@example.org", message.ToAddress);
        Assert.NotEqual("", message.Subject);
    }

    [Fact]
    public void Sent_records_when_and_clears_the_last_error()
    {
        var message = NewMessage();
        message.MarkFailed("421 busy", permanent: false, Now);

        message.MarkSent(Now.AddMinutes(1));

        Assert.Equal(OutboxStatus.Sent, message.Status);
        Assert.Equal(Now.AddMinutes(1), message.SentAt);
        Assert.Equal(2, message.Attempts);
        Assert.Null(message.LastError);
    }

    [Fact]
    public void A_sent_or_failed_message_cannot_be_attempted_again()
    {
        var sent = NewMessage();
        sent.MarkSent(Now);
        var failed = NewMessage();
        failed.MarkFailed("550", permanent: true, Now);

        Assert.Throws<InvalidOperationException>(() => sent.MarkSent(Now));
        Assert.Throws<InvalidOperationException>(() => sent.MarkFailed("x", permanent: false, Now));
        Assert.Throws<InvalidOperationException>(() => failed.MarkSent(Now));
    }

    [Fact]
    public void A_long_error_is_cut_to_fit_its_column()
    {
        var message = NewMessage();

        message.MarkFailed(new string('x', 5000), permanent: false, Now);

        Assert.Equal(OutboxMessage.LastErrorMaxLength, message.LastError!.Length);
        Assert.EndsWith("…", message.LastError);
    }

    [Fact]
    public void Headers_round_trip_through_json_and_the_message_id_is_stable()
    {
        var message = OutboxMessage.Create(MailApp.Mail("soeren@example.org") with
        {
            Headers = new Dictionary<string, string> { ["List-Unsubscribe"] = "<https://talomensomhed.dk/afmeld?t=1>" },
        }, Now);

        Assert.Equal("<https://talomensomhed.dk/afmeld?t=1>", message.ReadHeaders()["List-Unsubscribe"]);
        Assert.Equal(message.MessageId("talomensomhed.dk"), message.MessageId("talomensomhed.dk"));
        Assert.Equal($"<{message.Id:N}@talomensomhed.dk>", message.MessageId("talomensomhed.dk"));
    }
}
