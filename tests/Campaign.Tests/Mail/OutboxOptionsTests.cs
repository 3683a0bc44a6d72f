using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Mail;

/// <summary>The outbox's and the dispatch's settings are checked at start, naming the key and the allowed range.</summary>
public sealed class OutboxOptionsTests
{
    [Theory]
    [InlineData("Mail:Parallelism", "0", "Mail:Parallelism must be from 1 to 64")]
    [InlineData("Mail:LeaseDuration", "00:00:05", "Mail:LeaseDuration must be from 00:00:10 to 00:10:00")]
    [InlineData("Mail:LeaseDuration", "01:00:00", "Mail:LeaseDuration must be from 00:00:10 to 00:10:00")]
    [InlineData("Newsletter:LeaseDuration", "00:00:05", "Newsletter:LeaseDuration must be at least 00:00:10")]
    public void A_wrong_outbox_setting_stops_the_start_with_a_clear_message(string key, string value, string message)
    {
        using var app = new CampaignApp().With(key, value);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains(message, error.Message);
    }
}
