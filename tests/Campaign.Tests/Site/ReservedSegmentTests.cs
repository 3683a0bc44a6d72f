using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Site;

/// <summary>A top-level page may not take an address the application answers itself, or the page could never be reached.</summary>
public sealed class ReservedSegmentTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    [Fact]
    public void Every_first_path_segment_the_application_routes_is_reserved()
    {
        var routed = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.PathSegments.FirstOrDefault())
            .Where(s => s is { Parts.Count: 1 } && s.Parts[0].IsLiteral)
            .Select(s => ((Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart)s!.Parts[0]).Content.ToLowerInvariant())
            // Only what a page's name could turn into: "arrangementer.ics" can never be a page's segment.
            .Where(s => UrlSegment.From(s) == s)
            .Distinct()
            .ToList();

        Assert.Contains("nyhedsbrev", routed);
        Assert.All(routed, segment => Assert.Contains(segment, UrlSegment.Reserved));
    }

    [Fact]
    public async Task A_top_level_page_named_Nyhedsbrev_gets_its_own_address_and_the_signup_stays()
    {
        var (_, url) = await App.CreateAsync("Nyhedsbrev", Pages.Text("Vores side om nyhedsbrevet."));

        Assert.Equal("/nyhedsbrev-2", url);
        Assert.Contains("Vores side om nyhedsbrevet.", await App.Client().GetStringAsync(url));
        var signup = await App.Client().GetAsync("/nyhedsbrev");
        Assert.Equal(HttpStatusCode.OK, signup.StatusCode);
        Assert.DoesNotContain("Vores side om nyhedsbrevet.", await signup.Content.ReadAsStringAsync());
    }
}
