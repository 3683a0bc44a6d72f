using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Features.Partnerships;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Campaign.Tests.Site;

/// <summary>
/// A node whose PostgreSQL cache bus lost its connection missed whatever the other nodes changed meanwhile; when it
/// reconnects it must drop every kind of cached page the bus carries, partnership pages included.
/// </summary>
public sealed class CacheBusCatchUpTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    [Fact]
    public async Task Catching_up_after_a_reconnect_evicts_partnership_pages_too()
    {
        var store = App.Services.GetRequiredService<IOutputCacheStore>();
        var bytes = "<p>gammel side</p>"u8.ToArray();
        foreach (var tag in new[] { PartnershipMembersViewComponent.OutputCacheTag, "events", PublishedContentCache.OutputCacheTag })
        {
            await store.SetAsync($"page-tagged-{tag}", bytes, [tag], TimeSpan.FromHours(1), default);
        }

        // The catch-up does not touch the connection, so it runs here without a PostgreSQL server.
        var bus = new PostgresCacheBus(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Campaign"] = "Host=unused" }).Build(),
            App.Services, TimeProvider.System, new BackgroundHealth(), NullLogger<PostgresCacheBus>.Instance);
        await bus.CatchUpAsync(default);

        Assert.Null(await store.GetAsync($"page-tagged-{PartnershipMembersViewComponent.OutputCacheTag}", default));
        Assert.Null(await store.GetAsync("page-tagged-events", default));
        Assert.Null(await store.GetAsync($"page-tagged-{PublishedContentCache.OutputCacheTag}", default));
    }
}
