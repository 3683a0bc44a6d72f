using System.Net;
using System.Text.Json;
using Campaign.Tests.Infrastructure;
using Campaign.Tests.Newsletter;

namespace Campaign.Tests.Site;

/// <summary>
/// What signed-in people see is never kept by a browser cache or proxy, and the public health check tells a stranger
/// only whether the site is well.
/// </summary>
public sealed class PrivateResponseTests(HostHeaderApp app) : IntegrationTest<HostHeaderApp>(app)
{
    [Fact]
    public async Task Back_office_pages_and_the_subscriber_export_are_sent_with_no_store()
    {
        var (staff, _) = await App.StaffSignedInAsync();
        var subscriber = await App.SubscribedAsync(Signups.NewEmail("eksport"));

        foreach (var url in new[] { "/redaktion", "/redaktion/indhold", "/redaktion/log", "/redaktion/nyhedsbrev/abonnenter?q=eksport" })
        {
            var response = await staff.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertNoStore(response);
        }

        var export = await staff.GetAsync($"/redaktion/nyhedsbrev/abonnenter?handler=Export&id={subscriber.Id}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/json", export.Content.Headers.ContentType?.MediaType);
        Assert.Contains(subscriber.Email, await export.Content.ReadAsStringAsync());
        AssertNoStore(export);
    }

    [Fact]
    public async Task Association_pages_and_the_sign_in_pages_are_sent_with_no_store()
    {
        var (member, _) = await App.RegisterAndSignInAsync();

        foreach (var url in new[] { "/forening", "/forening/arrangement", "/forening/medlemmer", "/forening/sikkerhed" })
        {
            var response = await member.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertNoStore(response);
        }

        AssertNoStore(await App.Client().GetAsync("/forening/log-ind"));
        AssertNoStore(await App.Client().GetAsync("/redaktion/log-ind"));
    }

    [Fact]
    public async Task Public_pages_stay_cacheable()
    {
        var home = await App.Client().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.False(home.Headers.CacheControl?.NoStore ?? false, $"/ says Cache-Control: {home.Headers.CacheControl}");
    }

    [Fact]
    public async Task Public_health_says_only_the_status_and_staff_see_the_checks()
    {
        var anonymous = await App.Client().GetAsync("/health");
        var (staff, _) = await App.StaffSignedInAsync();
        var detailed = await staff.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        using var brief = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", brief.RootElement.GetProperty("status").GetString());
        Assert.Equal(["status"], brief.RootElement.EnumerateObject().Select(p => p.Name));

        Assert.Equal(HttpStatusCode.OK, detailed.StatusCode);
        using var full = JsonDocument.Parse(await detailed.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", full.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.True(full.RootElement.GetProperty("checks").GetProperty("outbox").GetProperty("data").GetProperty("pending").GetInt32() >= 0);
    }

    private static void AssertNoStore(HttpResponseMessage response) =>
        Assert.True(response.Headers.CacheControl?.NoStore == true,
            $"{response.RequestMessage?.RequestUri} says Cache-Control: {response.Headers.CacheControl}");
}
