using Campaign.Web.Content;
using Campaign.Web.Features.Associations;
using Campaign.Web.Features.BackOffice.Content;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Media;
using Campaign.Web.Features.Partnerships;
using Campaign.Web.Features.Search;
using Campaign.Web.Features.Site;
using Campaign.Web.Setup;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = RepositoryPaths.Find("wwwroot"),
});

builder.AddCampaignLogging();
builder.AddCampaignTelemetry();
builder.AddCampaignData();
builder.AddCampaignDataProtection();
builder.AddBackgroundWork();
builder.AddContentEngine();
builder.AddSiteSearch();
builder.AddEvents();
builder.AddEventsApi();
builder.AddMedia();
builder.AddCampaignCaching();
builder.AddCampaignHealth();
builder.AddMail();
builder.AddNewsletter();
builder.AddBounces();
builder.AddAssociations();
builder.AddBackOffice();
builder.AddModeration();
builder.AddPartnerships();
builder.AddCampaignAuth();
builder.AddCampaignWeb();
builder.AddCampaignProxy();

var app = builder.Build();

await app.PrepareDatabaseAsync();
await app.ImportStarterContentAsync();
if (await app.ExportContentIfAskedAsync(args))
{
    return;
}

await app.SeedDemoEventsAsync();
await app.SeedFirstAdministratorAsync();

app.UseCampaignProxy();
app.UseCampaignMetrics();
app.UseCampaignErrorPages();
app.UseCampaignSecurityHeaders();
app.UseCampaignStaticFiles();
app.UseRouting();
app.UseCors();
app.UseCampaignAuth();
app.UseOutputCache();

app.MapCampaignHealth();
app.MapSiteFiles();
app.MapEvents();
app.MapMedia();
app.MapSearch();
app.MapPagePicker();
app.MapRazorPages();

app.Run();

public partial class Program;
