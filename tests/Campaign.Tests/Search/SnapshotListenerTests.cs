using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Search;

/// <summary>
/// Two nodes re-indexing the same snapshot can collide on the search table's unique key. That used to escape from the
/// cache refresh (stopping the cache bus, or answering 500 to an editor whose publish was already saved); now the
/// index write is tried once more and the publish goes through.
/// </summary>
public sealed class SnapshotListenerTests(SnapshotListenerTests.CollisionApp app) : IntegrationTest<SnapshotListenerTests.CollisionApp>(app)
{
    [Fact]
    public async Task A_publish_whose_index_write_collides_once_is_indexed_on_the_second_try()
    {
        var listener = App.Services.GetRequiredService<CollidingListener>();
        listener.CollideNext = true;

        var (_, url) = await App.CreateAsync(Pages.UniqueName("Kollision"), Pages.Text("Indekseret trods alt"));

        Assert.Equal(HttpStatusCode.OK, (await App.Client().GetAsync(url)).StatusCode);
        Assert.False(listener.CollideNext);
        Assert.Equal(1, listener.Collisions);
        Assert.Contains(url, await App.Client().GetStringAsync("/soeg?q=Indekseret"));
    }

    public sealed class CollisionApp : CampaignApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<CollidingListener>();
                services.AddScoped<ISnapshotListener>(s => s.GetRequiredService<CollidingListener>());
            });
        }
    }

    /// <summary>Throws what PostgreSQL throws when another node inserted the same search key first, when told to.</summary>
    public sealed class CollidingListener : ISnapshotListener
    {
        public bool CollideNext { get; set; }
        public int Collisions { get; private set; }

        public Task PublishedAsync(PublishedSnapshot snapshot, CancellationToken ct)
        {
            if (!CollideNext)
            {
                return Task.CompletedTask;
            }

            CollideNext = false;
            Collisions++;
            throw new DbUpdateException("23505: duplicate key value violates unique constraint \"IX_SearchDocuments_Key\"");
        }
    }
}
