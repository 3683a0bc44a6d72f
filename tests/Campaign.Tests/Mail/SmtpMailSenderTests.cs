using System.Net.Mail;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Mail;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Mail;

public sealed class SmtpMailSenderTests
{
    [Theory]
    [InlineData(SmtpStatusCode.MailboxUnavailable, "Mailbox unavailable. The server response was: 5.1.1 User unknown", true)]
    [InlineData(SmtpStatusCode.MailboxNameNotAllowed, "Mailbox name not allowed", true)]
    [InlineData(SmtpStatusCode.UserNotLocalTryAlternatePath, "User not local", true)]
    [InlineData(SmtpStatusCode.MailboxBusy, "Mailbox busy. The server response was: 4.2.1 try later", false)]
    [InlineData(SmtpStatusCode.InsufficientStorage, "Insufficient storage", false)]
    [InlineData(SmtpStatusCode.MailboxUnavailable, "The server response was: 5.7.1 Relaying denied", false)]
    [InlineData(SmtpStatusCode.MustIssueStartTlsFirst, "Must issue STARTTLS first", false)]
    public void Only_a_5xx_mailbox_refusal_of_the_recipient_is_permanent(SmtpStatusCode code, string message, bool permanent)
    {
        var refusal = new SmtpFailedRecipientException(code, "soeren@example.org", message);

        Assert.Equal(permanent, SmtpMailSender.IsPermanentRefusal(refusal));
    }

    [Fact]
    public void A_server_level_failure_is_never_permanent()
    {
        Assert.False(SmtpMailSender.IsPermanentRefusal(new SmtpException(SmtpStatusCode.ServiceNotAvailable, "Service not available")));
        Assert.False(SmtpMailSender.IsPermanentRefusal(new SmtpException(SmtpStatusCode.TransactionFailed, "Transaction failed")));
        Assert.False(SmtpMailSender.IsPermanentRefusal(new SmtpException("Failure sending mail.")));
    }

    [Fact]
    public void The_mail_is_multipart_alternative_utf8_with_a_stable_message_id()
    {
        var message = OutboxMessage.Create(MailApp.Mail("soeren@example.org") with
        {
            Headers = new Dictionary<string, string> { ["List-Unsubscribe"] = "<https://talomensomhed.dk/afmeld>" },
        }, DateTime.UtcNow);

        using var mail = SmtpMailSender.Compose(message, new SmtpOptions());

        Assert.Equal("noreply@talomensomhed.dk", mail.From!.Address);
        Assert.Equal("Tal om ensomhed", mail.From.DisplayName);
        Assert.Equal("Søren Ærø", Assert.Single(mail.To).DisplayName);
        Assert.Equal($"<{message.Id:N}@talomensomhed.dk>", mail.Headers["Message-ID"]);
        Assert.Equal("<https://talomensomhed.dk/afmeld>", mail.Headers["List-Unsubscribe"]);
        Assert.Equal(["text/plain", "text/html"], mail.AlternateViews.Select(v => v.ContentType.MediaType));
        Assert.All(mail.AlternateViews, v => Assert.Equal("utf-8", v.ContentType.CharSet));
        Assert.Equal(System.Text.Encoding.UTF8, mail.SubjectEncoding);
    }
}

public sealed class MailStartupTests
{
    [Theory]
    [InlineData("Smtp:From", "ikke-en-adresse", "Smtp:From must be a plain email address")]
    [InlineData("Smtp:Port", "0", "Smtp:Port must be a TCP port from 1 to 65535")]
    [InlineData("Smtp:UserName", "bruger", "Smtp:UserName and Smtp:Password go together")]
    [InlineData("Mail:BatchSize", "0", "Mail:BatchSize must be from 1 to 500")]
    public void A_wrong_mail_setting_stops_the_start_with_a_clear_message(string key, string value, string message)
    {
        using var app = new CampaignApp().With(key, value);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains(message, error.Message);
    }
}
