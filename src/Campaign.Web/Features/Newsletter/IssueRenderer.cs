using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Search;

namespace Campaign.Web.Features.Newsletter;

/// <summary>
/// Turns an issue's blocks into a mail for one subscriber: text and HTML, the subscriber's own page and unsubscribe
/// links in the footer, and <see cref="NewsletterHeaders"/>. The body depends on the recipient only through the
/// municipality (the <see cref="UpcomingEventsBlock"/>), so it is built once per municipality and reused for every
/// recipient there; one renderer lives for one dispatch run, so the events are those of the moment the mail is queued.
/// </summary>
public sealed class IssueRenderer(NewsletterIssue issue, string linkBase, string unsubscribeMailbox, string domain, BlockMail.EventSource events)
{
    private readonly IReadOnlyList<Block> _blocks = issue.ReadBlocks();
    private readonly Dictionary<int, MailContent> _bodies = [];

    public string LinkBase => linkBase;

    /// <summary>The mail for one subscriber, keyed so the outbox holds it once.</summary>
    public async Task<OutgoingMail> MailAsync(Subscriber subscriber, CancellationToken ct) =>
        new(NewsletterMails.IssueKey(issue.Id, subscriber.Id), subscriber.Email, subscriber.Name, issue.Subject, await ContentAsync(subscriber, ct))
        {
            Headers = NewsletterHeaders.For(NewsletterLinks.UnsubscribeUrl(linkBase, subscriber), unsubscribeMailbox, subscriber.Token, domain),
        };

    /// <summary>Text and HTML as this subscriber will see them.</summary>
    public async Task<MailContent> ContentAsync(Subscriber subscriber, CancellationToken ct)
    {
        var body = await BodyAsync(subscriber.MunicipalityCode, ct);
        var manage = NewsletterLinks.ManageUrl(linkBase, subscriber);
        var unsubscribe = NewsletterLinks.UnsubscribeUrl(linkBase, subscriber);
        var why = $"Du får nyhedsbrevet fra Tal om ensomhed, fordi du har tilmeldt dig: {Interests.Describe(subscriber.Interests, subscriber.MunicipalityCode).ToLowerInvariant()}.";
        var text = $"{body.Text}-- \n{why}\nSkift emner eller kommune: {manage}\nAfmeld nyhedsbrevet: {unsubscribe}\n";
        var footer = $"""
            {Encode(why)}<br>
            <a href="{Encode(manage)}" style="color:{NewsletterTemplate.Clay};">Skift emner eller kommune</a> ·
            <a href="{Encode(unsubscribe)}" style="color:{NewsletterTemplate.Clay};">Afmeld nyhedsbrevet</a>
            """;
        return new MailContent(text, NewsletterTemplate.Shell(issue.Subject, body.Html, footer));
    }

    private async Task<MailContent> BodyAsync(int? municipalityCode, CancellationToken ct)
    {
        var key = municipalityCode ?? 0;
        if (_bodies.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var mail = new BlockMail(linkBase, municipalityCode, events);
        mail.Text.Append(issue.Subject).Append("\n\n");
        foreach (var block in _blocks)
        {
            await block.WriteMailAsync(mail, ct);
        }

        return _bodies[key] = new MailContent(mail.Text.ToString(), mail.Html.ToString());
    }

    private static string Encode(string text) => MailTemplate.Encode(text);

    /// <summary>The next events from the calendar, the same query as the public listing.</summary>
    public static BlockMail.EventSource FromCalendar(CampaignDb db, SiteSearch search, TimeProvider clock) => async (code, count, ct) =>
    {
        var municipality = code is { } c ? Places.Geography.Denmark.Municipality(c) : null;
        var filter = new ResolvedFilter(municipality, null, null, TargetGroups.None, clock.GetUtcNow().UtcDateTime, null, false, null, 1, count, new Dictionary<string, string>());
        return (await db.ListAsync(filter, search, ct)).Items;
    };
}
