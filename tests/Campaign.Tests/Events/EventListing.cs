using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Events;

namespace Campaign.Tests.Events;

/// <summary>One card of an HTML event listing as a visitor reads it.</summary>
public sealed record ListedCard(string Slug, string Title, string Text, bool Cancelled, string? Target);

/// <summary>Reads the event listing the way its callers do: the HTML page a visitor pages through, and the JSON API.</summary>
public static class EventListing
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<ListedCard> Cards(IDocument html) =>
        html.QuerySelectorAll("li.event-card").Select(card =>
        {
            var link = card.QuerySelector(".event-card__title a")!;
            return new ListedCard(
                link.GetAttribute("href")!.Split('/')[^1],
                link.TextContent.Trim(),
                card.TextContent,
                card.QuerySelector(".badge--cancelled") is not null,
                link.GetAttribute("target"));
        }).ToList();

    /// <summary>Every card of an /arrangementer listing, following "Næste side" as a visitor would.</summary>
    public static async Task<(IDocument FirstPage, IReadOnlyList<ListedCard> Cards)> AllCardsAsync(HttpClient client, string url)
    {
        IDocument? first = null;
        var cards = new List<ListedCard>();
        string? next = url;
        for (var page = 0; next is not null; page++)
        {
            Assert.True(page < 50, "the listing never ended");
            var response = await client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await Html.ParseAsync(response);
            first ??= html;
            cards.AddRange(Cards(html));
            next = html.QuerySelector(".pager a[rel=next]")?.GetAttribute("href");
        }

        return (first!, cards);
    }

    public static async Task<EventsApi.ApiPage> ApiAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<EventsApi.ApiPage>(Json))!;
    }

    /// <summary>Every item the API lists for the filters, a page of 100 at a time.</summary>
    public static async Task<IReadOnlyList<EventsApi.ApiEvent>> AllApiItemsAsync(HttpClient client, string query)
    {
        var items = new List<EventsApi.ApiEvent>();
        var separator = query.Length == 0 ? "?" : query + "&";
        for (var side = 1; ; side++)
        {
            Assert.True(side <= 50, "the API never ended");
            var page = await ApiAsync(client, $"/api/events{separator}size=100&side={side}");
            items.AddRange(page.Items);
            if (page.Items.Count == 0 || items.Count >= page.Total)
            {
                Assert.Equal(page.Total, items.Count);
                return items;
            }
        }
    }
}
