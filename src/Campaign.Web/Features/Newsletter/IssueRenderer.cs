using System.Text;
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
public sealed class IssueRenderer(NewsletterIssue issue, string linkBase, string unsubscribeMailbox, string domain, IssueRenderer.EventSource events)
{
    /// <summary>The next public events of a municipality (or of the whole country for null), at most the given count.</summary>
    public delegate Task<IReadOnlyList<EventListItem>> EventSource(int? municipalityCode, int count, CancellationToken ct);

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

        var text = new StringBuilder();
        var html = new StringBuilder();
        text.Append(issue.Subject).Append("\n\n");
        foreach (var block in _blocks)
        {
            if (block is UpcomingEventsBlock upcoming)
            {
                await EventsAsync(upcoming, municipalityCode, text, html, ct);
            }
            else
            {
                Static(block, text, html);
            }
        }

        return _bodies[key] = new MailContent(text.ToString(), html.ToString());
    }

    private async Task EventsAsync(UpcomingEventsBlock block, int? municipalityCode, StringBuilder text, StringBuilder html, CancellationToken ct)
    {
        var municipality = municipalityCode is { } code ? Places.Places.Denmark.Municipality(code) : null;
        var heading = block.Heading ?? (municipality is null ? "Kommende arrangementer i hele landet" : $"Kommende arrangementer i {municipality.Name} Kommune");
        var list = await events(municipality?.Code, block.EventCount, ct);
        var all = municipality is null ? Absolute("/arrangementer") : Absolute($"/arrangementer?kommune={municipality.Code}");
        text.Append(heading).Append('\n').Append(new string('-', heading.Length)).Append('\n');
        html.Append(NewsletterTemplate.Heading(heading));
        if (list.Count == 0)
        {
            var none = municipality is null ? "Der er ingen kommende arrangementer lige nu." : $"Der er ingen kommende arrangementer i {municipality.Name} Kommune lige nu.";
            text.Append(none).Append('\n');
            html.Append(NewsletterTemplate.Paragraph(Encode(none)));
        }
        else
        {
            html.Append("<ul style=\"margin:0 0 16px;padding-left:20px;\">\n");
            foreach (var e in list)
            {
                var url = Absolute($"/arrangementer/{e.Slug}");
                var when = EventFormat.When(e.StartUtc, e.EndUtc, e.AllDay);
                var where = e.IsOnline ? "Online" : string.Join(", ", new[] { e.VenueName, e.City }.Where(s => !string.IsNullOrWhiteSpace(s)));
                var cancelled = e.IsCancelled ? " (aflyst)" : "";
                text.Append("* ").Append(e.Title).Append(cancelled).Append('\n')
                    .Append("  ").Append(when).Append(where.Length > 0 ? $", {where}" : "").Append('\n')
                    .Append("  ").Append(url).Append('\n');
                html.Append($"""<li style="margin:0 0 10px;"><a href="{Encode(url)}" style="color:{NewsletterTemplate.Clay};font-weight:700;">{Encode(e.Title)}</a>{Encode(cancelled)}<br><span style="color:{NewsletterTemplate.InkSoft};">{Encode(when)}{(where.Length > 0 ? ", " + Encode(where) : "")}</span></li>""").Append('\n');
            }

            html.Append("</ul>\n");
        }

        text.Append("Se alle: ").Append(all).Append("\n\n");
        html.Append(NewsletterTemplate.Paragraph($"""<a href="{Encode(all)}" style="color:{NewsletterTemplate.Clay};">Se alle arrangementer</a>"""));
    }

    private void Static(Block block, StringBuilder text, StringBuilder html)
    {
        switch (block)
        {
            case RichTextBlock rich:
                text.Append(rich.Markdown.Trim()).Append("\n\n");
                html.Append("<div>").Append(AbsoluteLinks(MarkdownRenderer.ToHtml(rich.Markdown))).Append("</div>\n");
                break;
            case ImageBlock image:
                text.Append($"[Billede: {image.Alt}]").Append(image.Caption is { } c ? $"\n{c}" : "").Append("\n\n");
                html.Append($"""<p style="margin:0 0 16px;"><img src="{Encode(Absolute(image.Src))}" alt="{Encode(image.Alt)}" width="{Math.Min(image.Width, 500)}" style="display:block;max-width:100%;height:auto;border-radius:8px;">""")
                    .Append(image.Caption is { } caption ? $"""<span style="font-size:14px;color:{NewsletterTemplate.InkSoft};">{Encode(caption)}</span>""" : "").Append("</p>\n");
                break;
            case QuoteBlock quote:
                var by = string.Join(", ", new[] { quote.Name, quote.Role }.Where(s => !string.IsNullOrWhiteSpace(s)));
                text.Append($"»{quote.Text}«").Append(by.Length > 0 ? $"\n– {by}" : "").Append("\n\n");
                html.Append($"""<blockquote style="margin:0 0 16px;padding:4px 0 4px 16px;border-left:4px solid {NewsletterTemplate.Clay};font-style:italic;">{Encode(quote.Text)}{(by.Length > 0 ? $"<br><span style=\"font-style:normal;color:{NewsletterTemplate.InkSoft};\">– {Encode(by)}</span>" : "")}</blockquote>""").Append('\n');
                break;
            case FactBlock fact:
                text.Append($"{fact.Figure}: {fact.Label}").Append(fact.Source is { } s ? $" (Kilde: {s})" : "").Append("\n\n");
                html.Append(NewsletterTemplate.Paragraph($"""<strong style="display:block;font-size:28px;color:{NewsletterTemplate.Clay};">{Encode(fact.Figure)}</strong>{Encode(fact.Label)}{(fact.Source is { } source ? $"<br><span style=\"font-size:14px;color:{NewsletterTemplate.InkSoft};\">Kilde: {Encode(source)}</span>" : "")}"""));
                break;
            case CallToActionBlock cta:
                text.Append(cta.Heading).Append('\n').Append(cta.Text is { } t ? t + "\n" : "").Append($"{cta.LinkText}: {Absolute(cta.Url)}").Append("\n\n");
                html.Append(NewsletterTemplate.Heading(cta.Heading));
                if (cta.Text is { } ctaText)
                {
                    html.Append(NewsletterTemplate.Paragraph(Encode(ctaText)));
                }

                html.Append(NewsletterTemplate.Button(cta.LinkText, Absolute(cta.Url)));
                break;
            case VideoBlock video:
                text.Append($"Se videoen \"{video.Title}\": {video.WatchUrl}").Append("\n\n");
                html.Append(NewsletterTemplate.Paragraph($"""Se videoen: <a href="{Encode(video.WatchUrl)}" style="color:{NewsletterTemplate.Clay};">{Encode(video.Title)}</a>"""));
                break;
            case DownloadsBlock downloads:
                if (downloads.Heading is { } heading)
                {
                    text.Append(heading).Append('\n');
                    html.Append(NewsletterTemplate.Heading(heading));
                }

                html.Append("<ul style=\"margin:0 0 16px;padding-left:20px;\">\n");
                foreach (var item in downloads.Items)
                {
                    text.Append($"* {item.Title}: {Absolute(item.Url)}\n");
                    html.Append($"""<li><a href="{Encode(Absolute(item.Url))}" style="color:{NewsletterTemplate.Clay};">{Encode(item.Title)}</a></li>""").Append('\n');
                }

                text.Append('\n');
                html.Append("</ul>\n");
                break;
        }
    }

    /// <summary>Site links (/side) become absolute, since a mail has no site to be relative to.</summary>
    private string Absolute(string url) => url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? linkBase + url : url;

    private string AbsoluteLinks(string html) =>
        html.Replace("href=\"/", $"href=\"{linkBase}/", StringComparison.Ordinal).Replace("src=\"/", $"src=\"{linkBase}/", StringComparison.Ordinal);

    private static string Encode(string text) => MailTemplate.Encode(text);

    /// <summary>The next events from the calendar, the same query as the public listing.</summary>
    public static EventSource FromCalendar(CampaignDb db, SiteSearch search, TimeProvider clock) => async (code, count, ct) =>
    {
        var municipality = code is { } c ? Places.Places.Denmark.Municipality(c) : null;
        var filter = new ResolvedFilter(municipality, null, null, TargetGroups.None, clock.GetUtcNow().UtcDateTime, null, false, null, 1, count, new Dictionary<string, string>());
        return (await db.ListAsync(filter, search, ct)).Items;
    };
}
