using Campaign.Web.Content;
using Campaign.Web.Content.Sync;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Associations;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Search;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Campaign.Web.Data;

/// <summary>
/// The one DbContext: content, events, search, accounts (ASP.NET Core Identity), associations, and the data-protection
/// key ring that every node shares.
/// </summary>
public sealed class CampaignDb(DbContextOptions<CampaignDb> options)
    : IdentityDbContext<CampaignUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ContentNode> ContentNodes => Set<ContentNode>();
    public DbSet<ContentVersion> ContentVersions => Set<ContentVersion>();
    public DbSet<Redirect> Redirects => Set<Redirect>();
    public DbSet<SyncItem> SyncItems => Set<SyncItem>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<EventOccurrence> EventOccurrences => Set<EventOccurrence>();
    public DbSet<SearchDocument> SearchDocuments => Set<SearchDocument>();
    public DbSet<Features.Mail.OutboxMessage> OutboxMessages => Set<Features.Mail.OutboxMessage>();
    public DbSet<Association> Associations => Set<Association>();
    public DbSet<Features.BackOffice.AuditEntry> AuditEntries => Set<Features.BackOffice.AuditEntry>();
    public DbSet<Features.BackOffice.Scheduling.ScheduledAction> ScheduledActions => Set<Features.BackOffice.Scheduling.ScheduledAction>();
    public DbSet<Features.Newsletter.Subscriber> Subscribers => Set<Features.Newsletter.Subscriber>();
    public DbSet<Features.Newsletter.ConsentRecord> ConsentRecords => Set<Features.Newsletter.ConsentRecord>();
    public DbSet<Features.Newsletter.NewsletterIssue> NewsletterIssues => Set<Features.Newsletter.NewsletterIssue>();
    public DbSet<Features.Partnerships.PartnershipJoinRequest> PartnershipJoinRequests => Set<Features.Partnerships.PartnershipJoinRequest>();
    public DbSet<Features.Media.MediaFolder> MediaFolders => Set<Features.Media.MediaFolder>();
    public DbSet<Features.Media.MediaItem> MediaItems => Set<Features.Media.MediaItem>();
    public DbSet<Features.Media.EventUpload> EventUploads => Set<Features.Media.EventUpload>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Every timestamp is UTC; SQLite would otherwise hand back Unspecified and Npgsql refuses those.
        configuration.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<CampaignUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(120);
            user.HasIndex(u => u.AssociationId);
            user.Property(u => u.DisabledBy).HasMaxLength(256);
        });
        model.ApplyConfigurationsFromAssembly(typeof(CampaignDb).Assembly);
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
