using System.Globalization;
using System.Text;
using System.Xml;
using Campaign.Web.Content;
using Campaign.Web.Setup;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Site;

/// <summary>sitemap.xml (published pages only), robots.txt naming it, and the Atom feed of news.</summary>
public static class SiteFiles
{
    public static void MapSiteFiles(this IEndpointRouteBuilder endpoints)
    {
        var app = endpoints.MapGroup("").AllowAnonymous();
        app.MapGet("/sitemap.xml", (PublishedContentCache cache, IOptions<SiteOptions> site, HttpRequest request) =>
            Atom.Xml(writer =>
            {
                var baseUrl = site.Value.BaseFor(request);
                writer.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
                foreach (var page in cache.Current.Pages)
                {
                    writer.WriteStartElement("url");
                    writer.WriteElementString("loc", baseUrl + page.Url);
                    writer.WriteElementString("lastmod", page.PublishedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }, "application/xml"))
            .CacheOutput(CachingSetup.PublicContent);

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
}
