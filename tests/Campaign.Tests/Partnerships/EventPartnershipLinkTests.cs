using Campaign.Tests.Infrastructure;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Partnerships;

/// <summary>An event page points to the local partnership of its municipality, where there is one.</summary>
public sealed class EventPartnershipLinkTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    [Fact]
    public async Task An_event_links_to_its_municipalitys_partnership_only_when_there_is_one()
    {
        var inRoedovre = await App.PublishAsync(On(Portal.Unique("Gåtur i Rødovre"), 175, Today.AddDays(5)));
        var inVejle = await App.PublishAsync(On(Portal.Unique("Gåtur i Vejle"), 630, Today.AddDays(5)));

        var roedovre = await App.Client().GetStringAsync($"/arrangementer/{inRoedovre.Slug}");
        var vejle = await App.Client().GetStringAsync($"/arrangementer/{inVejle.Slug}");

        Assert.Contains("href=\"/lokale-partnerskaber/roedovre\"", roedovre);
        Assert.Contains("har et lokalt partnerskab mod ensomhed", roedovre);
        Assert.DoesNotContain("/lokale-partnerskaber/", vejle);
    }
}
