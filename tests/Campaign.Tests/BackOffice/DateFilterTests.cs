using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Events;

namespace Campaign.Tests.BackOffice;

/// <summary>The audit log's dates and content scheduling read dates as the rest of the site does: ISO or Danish, within bounded years.</summary>
public sealed class DateFilterTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    [Fact]
    public async Task The_audit_log_takes_a_danish_date_and_refuses_year_9999_in_danish()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var today = EventBuilder.Today;

        var danish = await editor.GetAsync($"/redaktion/log?fra={today:dd-MM-yyyy}&til={today:d.M.yyyy}");
        var tooFar = await editor.GetAsync("/redaktion/log?fra=31-12-9999");

        Assert.Equal(HttpStatusCode.OK, danish.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooFar.StatusCode);
        Assert.Contains($"Vælg en dato mellem år 2000 og {today.Year + 5}", await tooFar.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_publish_can_be_scheduled_with_a_danish_date()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var (id, _) = await App.CreateAsync(Pages.UniqueName("Planlagt side"), Pages.Text("x"));
        var day = EventBuilder.Today.AddDays(3);

        var scheduled = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}",
            [new("dato", day.ToString("dd-MM-yyyy")), new("tid", "10:00"), new("handling", "udgiv")], $"/redaktion/indhold/{id}?handler=Schedule");
        var tooFar = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}",
            [new("dato", "31-12-9999"), new("tid", "10:00"), new("handling", "udgiv")], $"/redaktion/indhold/{id}?handler=Schedule");

        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, tooFar.StatusCode);
        var page = await editor.GetStringAsync($"/redaktion/indhold/{id}");
        Assert.Contains("Udgives", page);
        Assert.Contains(day.ToString("d. MMMM yyyy", Campaign.Web.Shared.Danish.Culture), page);
        Assert.Contains("Vælg en dato mellem år 2000 og", page);
    }
}
