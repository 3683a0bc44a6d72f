using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.BackOffice;

/// <summary>
/// Staff "locked" by an administrator before accounts could be closed had a lockout without end, which a password
/// reset lifted. The upgrade turns them into closed accounts; an ordinary 15-minute lockout stays a lockout.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LockedStaffUpgradeTests
{
    [Fact]
    public async Task Staff_locked_for_good_before_the_upgrade_are_closed_after_it()
    {
        await using var app = new PortalApp();
        var options = new DbContextOptionsBuilder<CampaignDb>();
        _ = app.Provider == DatabaseProvider.PostgreSql ? options.UseNpgsql(app.ConnectionString) : options.UseSqlite(app.ConnectionString);
        var (lockedForGood, lockedAWhile) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var db = new CampaignDb(options.Options))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261123000010_NewsletterIssues");
            await InsertUserAsync(db, lockedForGood, "spaerret@sbst.example", DateTimeOffset.MaxValue);
            await InsertUserAsync(db, lockedAWhile, "kortvarig@sbst.example", DateTimeOffset.UtcNow.AddMinutes(10));
        }

        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();

        await app.With(async services =>
        {
            var manager = services.GetRequiredService<UserManager<CampaignUser>>();
            return await manager.AddToRoleAsync((await manager.FindByIdAsync(lockedForGood.ToString()))!, Roles.Editor);
        });
        var users = await app.With(services => services.GetRequiredService<CampaignDb>().Users.AsNoTracking()
            .Where(u => u.Id == lockedForGood || u.Id == lockedAWhile).ToDictionaryAsync(u => u.Id));
        Assert.True(users[lockedForGood].IsDisabled);
        Assert.False(users[lockedAWhile].IsDisabled);

        var signIn = await Forms.PostAsync(app.Client(), "/redaktion/log-ind", [new("Email", "spaerret@sbst.example"), new("Password", Portal.Password)]);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Contains("Din adgang er lukket", await signIn.Content.ReadAsStringAsync());
        Assert.Empty(app.Errors);
    }

    private static async Task InsertUserAsync(CampaignDb db, Guid id, string email, DateTimeOffset lockoutEnd)
    {
        var hash = new PasswordHasher<CampaignUser>().HashPassword(new CampaignUser(), Portal.Password);
        var now = DateTime.UtcNow;
        var upper = email.ToUpperInvariant();
        var stamp = Guid.NewGuid().ToString("N");
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AspNetUsers" ("Id", "DisplayName", "AssociationId", "CreatedAt", "UserName", "NormalizedUserName", "Email", "NormalizedEmail",
                "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumber", "PhoneNumberConfirmed", "TwoFactorEnabled",
                "LockoutEnd", "LockoutEnabled", "AccessFailedCount")
            VALUES ({id}, 'Medarbejder', {(Guid?)null}, {now}, {email}, {upper}, {email}, {upper}, {true}, {hash}, {stamp}, {stamp}, {(string?)null}, {false}, {false},
                {lockoutEnd}, {true}, 0)
            """);
    }
}
