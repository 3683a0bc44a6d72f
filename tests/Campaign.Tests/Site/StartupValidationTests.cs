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

    [Theory]
    [InlineData("Testing")]
    [InlineData("Production")]
    public void Without_a_base_url_outside_development_the_start_stops_naming_the_key(string environment)
    {
        using var app = new CampaignApp().With("Site:BaseUrl", "").With("Environment", environment);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains("Site:BaseUrl is required outside Development", error.Message);
    }

    [Fact]
    public void In_development_the_site_starts_without_a_base_url()
    {
        using var app = new CampaignApp().With("Site:BaseUrl", "").With("Environment", "Development").With("Seed:DemoData", "false");

        Assert.NotNull(app.Server);
    }
}
