using System.Globalization;
using System.Text;
using System.Xml;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Site;

/// <summary>sitemap.xml (published pages and public events), robots.txt naming it, and the Atom feed of news.</summary>
public static class SiteFiles
{
    public static void MapSiteFiles(this IEndpointRouteBuilder endpoints)
    {
        var app = endpoints.MapGroup("").AllowAnonymous();
        app.MapGet("/sitemap.xml", (PublishedContentCache cache, CampaignDb db, IOptions<SiteOptions> site, HttpRequest request, CancellationToken ct) =>
                Sitemap(cache, db, site.Value, request, part: null, ct))
            .CacheOutput(CachingSetup.PublicEvents);
        app.MapGet("/sitemap-{part:int}.xml", (int part, PublishedContentCache cache, CampaignDb db, IOptions<SiteOptions> site, HttpRequest request, CancellationToken ct) =>
                Sitemap(cache, db, site.Value, request, part, ct))
            .CacheOutput(CachingSetup.PublicEvents);

        app.MapGet("/robots.txt", (IOptions<SiteOptions> site, HttpRequest request) =>
            TypedResults.Text(
                $"User-agent: *\nAllow: /\nDisallow: /redaktion/\nDisallow: /forening/\nDisallow: /fejl/\n\nSitemap: {site.Value.BaseFor(request)}/sitemap.xml\n",
                "text/plain", Encoding.UTF8))
            .CacheOutput(CachingSetup.PublicContent);

        app.MapGet("/feed.xml", (PublishedContentCache cache, IOptions<SiteOptions> site, HttpRequest request) =>
            Atom.Xml(writer =>
            {
                var baseUrl = site.Value.BaseFor(request);
                var articles = cache.Current.Pages.Where(p => p.Type == ContentTypes.NewsArticle)
                    .OrderByDescending(p => p.Data.Get("date"), StringComparer.Ordinal).Take(20).ToList();
                const string atom = Atom.Namespace;
                writer.WriteStartElement("feed", atom);
                writer.WriteAttributeString("xml", "lang", null, "da");
                writer.WriteElementString("title", atom, $"Nyheder fra {site.Value.Name}");
                writer.WriteElementString("id", atom, baseUrl + "/feed.xml");
                writer.WriteElementString("updated", atom, Atom.Stamp(articles.Select(a => a.PublishedAt).DefaultIfEmpty(DateTime.UnixEpoch).Max()));
                Atom.Link(writer, baseUrl + "/feed.xml", "self");
                Atom.Link(writer, baseUrl + "/", "alternate");
                foreach (var article in articles)
                {
                    writer.WriteStartElement("entry", atom);
                    writer.WriteElementString("title", atom, article.Title);
                    writer.WriteElementString("id", atom, $"urn:uuid:{article.Id}");
                    writer.WriteElementString("updated", atom, Atom.Stamp(article.PublishedAt));
                    if (DateOnly.TryParse(article.Data.Get("date"), CultureInfo.InvariantCulture, out var date))
                    {
                        writer.WriteElementString("published", atom, Atom.Stamp(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
                    }

                    Atom.Link(writer, baseUrl + article.Url, "alternate");
                    writer.WriteStartElement("author", atom);
                    writer.WriteElementString("name", atom, article.Data.Get("author") ?? site.Value.Name);
                    writer.WriteEndElement();
                    writer.WriteElementString("summary", atom, article.Intro ?? "");
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }, "application/atom+xml"))
            .CacheOutput(CachingSetup.PublicContent);
    }

    private const string SitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <summary>
    /// The published pages, /arrangementer and every event page the public can open (published or cancelled: a
    /// cancelled event keeps its page, which says so). Up to <see cref="SiteOptions.SitemapUrlsPerFile"/> URLs it is one
    /// urlset; past that /sitemap.xml is an index and part N holds the Nth slice of the same list, events by id so a part
    /// keeps its events while new ones are added.
    /// </summary>
    private static async Task<IResult> Sitemap(PublishedContentCache cache, CampaignDb db, SiteOptions site, HttpRequest request, int? part, CancellationToken ct)
    {
        var baseUrl = site.BaseFor(request);
        var pages = cache.Current.Pages.Select(p => (Loc: p.Url, Lastmod: (string?)p.PublishedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList();
        if (!pages.Any(p => p.Loc == "/arrangementer"))
        {
            var newest = await db.Events.Where(e => e.Status == EventStatus.Published || e.Status == EventStatus.Cancelled)
                .MaxAsync(e => (DateTime?)e.UpdatedAt, ct);
            pages.Add(("/arrangementer", newest is { } n ? Atom.Stamp(n) : null));
        }

        var events = db.Events.AsNoTracking().Where(e => e.Status == EventStatus.Published || e.Status == EventStatus.Cancelled).OrderBy(e => e.Id);
        var perFile = site.SitemapUrlsPerFile;
        var total = pages.Count + await events.CountAsync(ct);
        var parts = Math.Max(1, (total + perFile - 1) / perFile);
        if (part is { } p && (parts == 1 || p < 1 || p > parts))
        {
            return TypedResults.NotFound();
        }

        if (part is null && parts > 1)
        {
            return Atom.Xml(writer =>
            {
                writer.WriteStartElement("sitemapindex", SitemapNamespace);
                for (var i = 1; i <= parts; i++)
                {
                    writer.WriteStartElement("sitemap");
                    writer.WriteElementString("loc", $"{baseUrl}/sitemap-{i}.xml");
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }, "application/xml");
        }

        var first = ((part ?? 1) - 1) * perFile;
        var fixedUrls = pages.Skip(first).Take(perFile).ToList();
        var eventSkip = Math.Max(0, first - pages.Count);
        var eventTake = perFile - fixedUrls.Count;
        var eventUrls = await events.Skip(eventSkip).Take(eventTake).Select(e => new { e.Slug, e.UpdatedAt }).ToListAsync(ct);
        return Atom.Xml(writer =>
        {
            writer.WriteStartElement("urlset", SitemapNamespace);
            foreach (var (loc, lastmod) in fixedUrls.Concat(eventUrls.Select(e => (Loc: $"/arrangementer/{e.Slug}", Lastmod: (string?)Atom.Stamp(e.UpdatedAt)))))
            {
                writer.WriteStartElement("url");
                writer.WriteElementString("loc", baseUrl + loc);
                if (lastmod is not null)
                {
                    writer.WriteElementString("lastmod", lastmod);
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }, "application/xml");
    }
}
