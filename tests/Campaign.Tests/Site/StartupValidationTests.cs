using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Site;

public sealed class StartupValidationTests
{
    [Fact]
    public void An_unknown_database_provider_stops_the_start_with_a_clear_message()
    {
        using var app = new CampaignApp().With("Database:Provider", "Oracle");

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("Database:Provider is 'Oracle'; use 'Sqlite' or 'PostgreSql'", error.ToString());
    }

    [Fact]
    public void A_base_url_with_a_path_stops_the_start_with_a_clear_message()
    {
        using var app = new CampaignApp().With("Site:BaseUrl", "talomensomhed.dk/forside");

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains("Site:BaseUrl must be an absolute http(s) URL", error.Message);
    }
}
