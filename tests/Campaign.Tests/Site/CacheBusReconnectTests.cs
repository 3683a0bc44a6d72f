using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Partnerships;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Site;

/// <summary>
/// After its LISTEN connection to PostgreSQL is cut, a node reconnects and drops every kind of cached page the other
/// nodes may have changed meanwhile, partnership pages included (they used to be forgotten). PostgreSQL only.
/// </summary>
[Trait("Category", "PostgreSql")]
public sealed class CacheBusReconnectTests
{
    [Fact]
    public async Task A_node_that_lost_its_listen_connection_evicts_partnership_pages_when_it_is_back()
    {
        await using var app = new CampaignApp();
        _ = app.Server;
        var store = app.Services.GetRequiredService<IOutputCacheStore>();
        await WaitForListenerAsync(app.ConnectionString);
        await store.SetAsync("partnership-page", "<p>gamle medlemmer</p>"u8.ToArray(), [PartnershipMembersViewComponent.OutputCacheTag], TimeSpan.FromHours(1), default);

        await using (var admin = new NpgsqlConnection(app.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()", admin);
            await kill.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < 150 && await store.GetAsync("partnership-page", default) is not null; i++)
        {
            await Task.Delay(100);
        }

        Assert.Null(await store.GetAsync("partnership-page", default));
        Assert.Empty(app.Errors);
    }

    private static async Task WaitForListenerAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 0; i < 100; i++)
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'", connection);
            if ((long)(await count.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The cache bus never started listening.");
    }
}
