using Campaign.Web.Content;
using Campaign.Web.Content.Sync;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Campaign.Web.Data;

public sealed class CampaignDb(DbContextOptions<CampaignDb> options) : DbContext(options)
{
    public DbSet<ContentNode> ContentNodes => Set<ContentNode>();
    public DbSet<ContentVersion> ContentVersions => Set<ContentVersion>();
    public DbSet<Redirect> Redirects => Set<Redirect>();
    public DbSet<SyncItem> SyncItems => Set<SyncItem>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<EventOccurrence> EventOccurrences => Set<EventOccurrence>();
    public DbSet<SearchDocument> SearchDocuments => Set<SearchDocument>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Every timestamp is UTC; SQLite would otherwise hand back Unspecified and Npgsql refuses those.
        configuration.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.ApplyConfigurationsFromAssembly(typeof(CampaignDb).Assembly);
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
