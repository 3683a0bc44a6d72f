using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Newsletter.Bounces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Newsletter;

/// <summary>Delivery status notifications as mail servers write them, read by <see cref="DeliveryReport"/>.</summary>
public sealed class DeliveryReportTests
{
    private const string To = "karen.nielsen@example.org";
    private const string Original = "0193a1b2c3d4e5f60718293a4b5c6d7e@talomensomhed.dk";

    [Fact]
    public void A_Postfix_bounce_is_hard_with_the_address_status_reason_and_our_Message_ID()
    {
        var notice = Assert.Single(DeliveryReport.Read(BounceMailbox.Dsn("postfix-hard-5.1.1.eml", "Karen.Nielsen@Example.org", $"<{Original}>")));

        Assert.Equal((BounceKind.Hard, "5.1.1", "failed", Original), (notice.Kind, notice.Status, notice.Action, notice.OriginalMessageId));
        Assert.Equal([To], notice.Addresses);
        Assert.StartsWith("smtp; 550 5.1.1 <karen.nielsen@example.org>: Recipient address rejected: User unknown", notice.Diagnostic, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_Exchange_bounce_is_hard_and_finds_our_Message_ID_in_the_returned_message()
    {
        var notice = Assert.Single(DeliveryReport.Read(BounceMailbox.Dsn("exchange-hard-5.1.10.eml", To, Original)));

        Assert.Equal((BounceKind.Hard, "5.1.10", Original), (notice.Kind, notice.Status, notice.OriginalMessageId));
        Assert.Contains("RESOLVER.ADR.RecipientNotFound", notice.Diagnostic);
    }

    [Fact]
    public void A_full_mailbox_reported_as_delayed_is_soft()
    {
        var notice = Assert.Single(DeliveryReport.Read(BounceMailbox.Dsn("postfix-delayed-4.2.2.eml", To, Original)));

        Assert.Equal((BounceKind.Soft, "4.2.2", "delayed"), (notice.Kind, notice.Status, notice.Action));
    }

    [Fact]
    public void A_failure_with_a_temporary_status_is_soft_and_a_success_report_is_no_bounce()
    {
        var gaveUp = Text(BounceMailbox.Dsn("postfix-hard-5.1.1.eml", To, Original)).Replace("Status: 5.1.1", "Status: 4.4.7");
        var delivered = Text(BounceMailbox.Dsn("postfix-hard-5.1.1.eml", To, Original)).Replace("Action: failed", "Action: delivered").Replace("Status: 5.1.1", "Status: 2.0.0");

        Assert.Equal(BounceKind.Soft, Assert.Single(DeliveryReport.Read(Parse(gaveUp))).Kind);
        Assert.Empty(DeliveryReport.Read(Parse(delivered)));
    }

    [Fact]
    public void An_Exim_bounce_without_a_report_part_is_read_from_X_Failed_Recipients()
    {
        var notice = Assert.Single(DeliveryReport.Read(BounceMailbox.Dsn("exim-x-failed-recipients.eml", To, Original)));

        Assert.Equal((BounceKind.Hard, "5.1.1", Original), (notice.Kind, notice.Status, notice.OriginalMessageId));
        Assert.Equal([To], notice.Addresses);
    }

    [Fact]
    public void An_auto_reply_is_no_bounce_even_when_it_mentions_a_status_code()
    {
        Assert.Empty(DeliveryReport.Read(BounceMailbox.Dsn("auto-reply.eml", To, Original)));
    }

    [Fact]
    public void Bounce_settings_are_checked_at_start_and_name_the_key()
    {
        using var plain = new CampaignApp().With("Bounces:Host", "imap.example.dk").With("Bounces:Security", "None")
            .With("Bounces:UserName", "afvist").With("Bounces:Password", "hemmeligt-kodeord");
        Assert.Contains("Bounces:Security is None but Bounces:Host 'imap.example.dk' is not this machine",
            Assert.ThrowsAny<OptionsValidationException>(() => plain.Server).Message);

        using var anonymous = new CampaignApp().With("Bounces:Host", "imap.example.dk").With("Bounces:SoftBounceLimit", "0");
        var error = Assert.ThrowsAny<OptionsValidationException>(() => anonymous.Server).Message;
        Assert.Contains("Bounces:UserName and Bounces:Password are needed", error);
        Assert.Contains("Bounces:SoftBounceLimit must be from 1 to 100", error);
    }

    [Fact]
    public void Without_Bounces_Host_no_mailbox_is_read()
    {
        using var app = new CampaignApp();

        Assert.Null(app.Services.GetService<BounceReader>());
        Assert.False(app.Services.GetRequiredService<IOptions<BounceOptions>>().Value.Enabled);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task An_unreachable_bounce_mailbox_shows_as_degraded_health_not_as_an_error()
    {
        using var app = new CampaignApp().With("Bounces:Host", "127.0.0.1").With("Bounces:Port", Mail.SmtpSink.ClosedPort().ToString())
            .With("Bounces:Security", "None").With("Bounces:UserName", "afvist").With("Bounces:Password", "hemmeligt-kodeord");
        var reader = app.Services.GetRequiredService<BounceReader>();

        // The loop's first round comes a few seconds after the start; it fails, is recorded, and the host keeps serving.
        var health = app.Services.GetRequiredService<Campaign.Web.Setup.BackgroundHealth>();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!health.Problems.Any(p => p.Loop == reader.Name) && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }

        Assert.Contains(health.Problems, p => p.Loop == "Læsning af afviste mails");
        Assert.Contains("\"Degraded\"", await app.CreateClient().GetStringAsync("/health"));
        Assert.True(app.Errors.IsEmpty, string.Join("\n", app.Errors));
    }

    private static string Text(MimeKit.MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static MimeKit.MimeMessage Parse(string text) => MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)));
}
