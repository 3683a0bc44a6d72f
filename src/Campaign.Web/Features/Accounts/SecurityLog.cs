using Campaign.Web.Data;
using Campaign.Web.Features.BackOffice;
using Campaign.Web.Shared;

namespace Campaign.Web.Features.Accounts;

/// <summary>The security events the log must show: names for searching, never a password or a code.</summary>
public static class SecurityEvent
{
    public const string SignInFailed = "sign-in-failed";
    public const string SignInLockedOut = "sign-in-locked-out";
    public const string SignInRefusedDisabled = "sign-in-refused-disabled";
    public const string TwoFactorFailed = "two-factor-failed";
    public const string TwoFactorEnabled = "two-factor-enabled";
    public const string TwoFactorDisabled = "two-factor-disabled";
    public const string PasswordChanged = "password-changed";
    public const string PasswordChangeRefused = "password-change-refused";
    public const string PasswordReset = "password-reset";
    public const string PasswordResetRefused = "password-reset-refused";
    public const string RoleChanged = "role-changed";
    public const string AccountDisabled = "account-disabled";
    public const string AccountEnabled = "account-enabled";
    public const string AccountRemoved = "account-removed";
}

/// <summary>
/// Writes security events as structured log entries (event name, user id, IP address) and, for changes to an
/// account, an entry in the audit log (<c>AuditEntries</c>) that staff read at /redaktion/log.
/// </summary>
public sealed class SecurityLog(ILogger<SecurityLog> logger, IHttpContextAccessor http, CampaignDb db, TimeProvider clock)
{
    private string Ip => http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Something refused (a wrong password, a wrong code): logged, not audited, as it can come by the thousand.</summary>
    public void Refused(string securityEvent, Guid? userId) =>
        logger.LogWarning("Security event {SecurityEvent} for user {UserId} from {RemoteIp}", securityEvent, userId, Ip);

    /// <summary>
    /// A change to an account: logged, and added to the audit log in the current unit of work (saved with the
    /// caller's next <c>SaveChangesAsync</c>). <paramref name="who"/> is the person who did it.
    /// </summary>
    public void Changed(string securityEvent, CampaignUser user, string who, string action, string? details = null)
    {
        logger.LogInformation("Security event {SecurityEvent} for user {UserId} by {Actor} from {RemoteIp}", securityEvent, user.Id, who, Ip);
        db.Record(who, action, "Bruger", user.Id, clock.GetUtcNow().UtcDateTime, details);
    }

    /// <summary><see cref="Changed"/> and save at once, for changes Identity has already saved by itself.</summary>
    public async Task ChangedAsync(string securityEvent, CampaignUser user, string who, string action, CancellationToken ct = default)
    {
        Changed(securityEvent, user, who, action);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A lockout that has just begun (not every attempt while locked): logged and audited.</summary>
    public Task LockedOutAsync(CampaignUser user, CancellationToken ct = default)
    {
        logger.LogWarning("Security event {SecurityEvent} for user {UserId} from {RemoteIp}", SecurityEvent.SignInLockedOut, user.Id, Ip);
        db.Record(user.Email ?? user.Id.ToString(), "Låst ude efter for mange forsøg", "Bruger", user.Id, clock.GetUtcNow().UtcDateTime);
        return db.SaveChangesAsync(ct);
    }
}
