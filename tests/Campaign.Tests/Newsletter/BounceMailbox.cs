using Campaign.Tests.Infrastructure;
using Campaign.Tests.Mail;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Campaign.Tests.Newsletter;

/// <summary>
/// A test that needs the real IMAP server test.sh starts (Debian's Dovecot on loopback). Without its
/// CAMPAIGN_TEST_IMAP_* variables the test is skipped with a reason, except in CI (CI=true), where it runs and fails
/// saying what is missing: CI runs test.sh, so there a missing server is a broken setup, never a silent skip.
/// </summary>
public sealed class ImapFactAttribute : FactAttribute
{
    public ImapFactAttribute()
    {
        if (BounceMailbox.Server is null && !BounceMailbox.InCi)
        {
            Skip = "Needs the IMAP server that ./test.sh starts (CAMPAIGN_TEST_IMAP_HOST, _PORT, _USER, _PASSWORD); run ./test.sh --filter Bounce";
        }
    }
}

/// <summary>The bounce mailbox on the test IMAP server: folders of one test class, and real DSN messages put into them.</summary>
public static class BounceMailbox
{
    public sealed record ImapServer(string Host, int Port, string User, string Password);

    public static bool InCi => Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    public static ImapServer? Server =>
        Environment.GetEnvironmentVariable("CAMPAIGN_TEST_IMAP_PORT") is { Length: > 0 } port
            ? new ImapServer(
                Environment.GetEnvironmentVariable("CAMPAIGN_TEST_IMAP_HOST") ?? "127.0.0.1",
                int.Parse(port),
                Environment.GetEnvironmentVariable("CAMPAIGN_TEST_IMAP_USER") ?? "bounces",
                Environment.GetEnvironmentVariable("CAMPAIGN_TEST_IMAP_PASSWORD") ?? "")
            : null;

    private static ImapServer Required => Server ?? throw new InvalidOperationException(
        "CAMPAIGN_TEST_IMAP_PORT is not set, so there is no IMAP server for the bounce tests. ./test.sh starts Dovecot and sets " +
        "CAMPAIGN_TEST_IMAP_HOST, _PORT, _USER and _PASSWORD; run the tests through it.");

    /// <summary>Points the app's bounce reader at its own folders on the test server; it reads once at start, then hourly (tests read when they want).</summary>
    public static CampaignApp ReadingBounces(this CampaignApp app, string folder, string processed)
    {
        if (Server is not { } server)
        {
            return app;
        }

        return app.With("Bounces:Host", server.Host)
            .With("Bounces:Port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Bounces:Security", "None")
            .With("Bounces:UserName", server.User)
            .With("Bounces:Password", server.Password)
            .With("Bounces:Folder", folder)
            .With("Bounces:ProcessedFolder", processed)
            .With("Bounces:Interval", "01:00:00");
    }

    /// <summary>One of the DSN files in Fixtures/Bounces, addressed to <paramref name="to"/> about the mail <paramref name="originalId"/>.</summary>
    public static MimeMessage Dsn(string fixture, string to, string originalId, string? id = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Bounces", fixture))
            .Replace("{{TO}}", to)
            .Replace("{{ORIGINAL_ID}}", originalId.Trim('<', '>'))
            .Replace("{{ID}}", id ?? $"{Guid.NewGuid():N}@mail.example.org")
            .Replace("{{DATE}}", DateTimeOffset.UtcNow.ToString("ddd, d MMM yyyy HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture));
        return MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Puts messages into the folder (creating it), unseen, as the mail server delivers bounces; returns their Message-IDs.</summary>
    public static async Task<string[]> DeliverAsync(string folder, params MimeMessage[] messages)
    {
        using var client = await ConnectAsync();
        var target = await FolderAsync(client, folder);
        foreach (var message in messages)
        {
            await target.AppendAsync(message, MessageFlags.None);
        }

        await client.DisconnectAsync(true);
        return messages.Select(m => m.MessageId ?? throw new InvalidOperationException("A test DSN has no Message-ID.")).ToArray();
    }

    /// <summary>The Message-IDs in a folder, each with whether it is flagged \Seen.</summary>
    public static async Task<Dictionary<string, bool>> ContentsAsync(string folder)
    {
        using var client = await ConnectAsync();
        var target = await FolderAsync(client, folder);
        await target.OpenAsync(FolderAccess.ReadOnly);
        var all = await target.SearchAsync(SearchQuery.All);
        var summaries = all.Count == 0 ? [] : await target.FetchAsync(all, MessageSummaryItems.Envelope | MessageSummaryItems.Flags);
        await client.DisconnectAsync(true);
        return summaries.ToDictionary(s => s.Envelope?.MessageId ?? s.UniqueId.ToString(), s => s.Flags?.HasFlag(MessageFlags.Seen) == true);
    }

    private static async Task<ImapClient> ConnectAsync()
    {
        var server = Required;
        var client = new ImapClient { Timeout = 20_000 };
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(server.User, server.Password);
        return client;
    }

    private static async Task<IMailFolder> FolderAsync(ImapClient client, string name)
    {
        try
        {
            return await client.GetFolderAsync(name);
        }
        catch (FolderNotFoundException)
        {
            return await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync(name, true) ?? throw new InvalidOperationException($"Could not create {name}.");
        }
    }
}

/// <summary>The app sending to the SMTP sink with a fast dispatch, reading bounces from folders of its own on the test IMAP server.</summary>
public sealed class BounceApp : MailApp
{
    public BounceApp()
    {
        DispatchSettings.Apply(this);
        With("Abuse:MinimumFillSeconds", "0").With("Abuse:NewsletterPermitsPer10Minutes", "1000").With("Abuse:SignInPermitsPerMinute", "1000");
        this.ReadingBounces(Mailbox, Processed);

        // The folder exists before the app's first round, as a real bounce mailbox's INBOX does: a missing folder is a
        // failing round (rightly), and five of those in a row would be logged as an error.
        if (BounceMailbox.Server is not null)
        {
            BounceMailbox.DeliverAsync(Mailbox).GetAwaiter().GetResult();
        }
    }

    /// <summary>Where this app's bounces arrive: a folder of its own, so test classes on the same server do not meet.</summary>
    public string Mailbox { get; } = $"afviste-{Guid.NewGuid():N}";

    public string Processed { get; } = $"behandlet-{Guid.NewGuid():N}";
}
