using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetVips;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>
/// An editor keeps the media library in the browser: a folder, an upload that first forgets the alternative text,
/// a focal point set with a click (media.js), the crops that follow it, and deleting. axe-core checks every page.
/// </summary>
public sealed partial class MediaLibraryBrowserTests(SiteFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task An_editor_uploads_an_image_sets_its_focal_point_with_a_click_and_deletes_it()
    {
        await StaffSignInAsync(Page);
        await Page.GotoAsync("/redaktion/medier");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Medier");
        await Page.AssertAccessibleAsync();

        // A folder.
        var folder = $"Plakater {Guid.NewGuid().ToString("N")[..6]}";
        await Page.GetByLabel("Mappens navn").FillAsync(folder);
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Opret mappe" }), FolderUrl());
        await Expect(Page.Locator(".notice[role=status]")).ToContainTextAsync(folder);
        await Page.AssertAccessibleAsync();
        var folderPath = new Uri(Page.Url).PathAndQuery;

        // An upload without an alternative text is refused; with one it is stored.
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Upload fil") }), new Regex("/redaktion/medier/upload"));
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Upload fil");
        await Page.AssertAccessibleAsync();
        var png = Png(1200, 800);
        await Page.GetByLabel("Fil", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "fokus.png", MimeType = "image/png", Buffer = png });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Expect(Page.Locator(".error-summary")).ToContainTextAsync("alternativ tekst");
        await Page.AssertAccessibleAsync();
        await Page.GetByLabel("Fil", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "fokus.png", MimeType = "image/png", Buffer = png });
        await Page.GetByLabel(new Regex("^Alternativ tekst")).FillAsync("En grå flade med en rød firkant");
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }), ItemUrl());
        await Expect(Page.Locator("h1")).ToHaveTextAsync("fokus.png");
        await Page.AssertAccessibleAsync();

        // A click a quarter across and three quarters down fills the two fields; saving moves the crops.
        var image = Page.Locator(".focal__image");
        var box = await image.BoundingBoxAsync();
        Assert.NotNull(box);
        await image.ClickAsync(new() { Position = new() { X = box.Width * 0.25f, Y = box.Height * 0.75f } });
        await Expect(Page.Locator(".focal__status")).ToContainTextAsync("Tryk Gem");
        var x = double.Parse(await Page.GetByLabel("Vandret, fra venstre (%)").InputValueAsync(), CultureInfo.InvariantCulture);
        var y = double.Parse(await Page.GetByLabel("Lodret, fra toppen (%)").InputValueAsync(), CultureInfo.InvariantCulture);
        Assert.InRange(x, 23, 27);
        Assert.InRange(y, 73, 77);
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Gem", Exact = true }), ItemUrl());
        await Expect(Page.Locator(".notice[role=status]")).ToHaveTextAsync("Ændringerne er gemt.");
        var crops = Page.Locator(".media-crop img");
        await Expect(crops).ToHaveCountAsync(3);
        foreach (var crop in await crops.AllAsync())
        {
            await crop.ScrollIntoViewIfNeededAsync();
            await Expect(crop).ToHaveAttributeAsync("src", new Regex(@"\?v=2\d\d-7\d\d$"));
            await Expect(crop).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await crop.EvaluateAsync<int>("img => img.naturalWidth") > 0);
        }

        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("media-item-focal-point");
        var itemPath = new Uri(Page.Url).AbsolutePath;

        // A PDF beside it; the folder lists both.
        await Page.GotoAsync("/redaktion/medier/upload" + folderPath[folderPath.IndexOf('?', StringComparison.Ordinal)..]);
        await Page.GetByLabel("Fil", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "Plakat.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n%%EOF\n"u8.ToArray() });
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }), ItemUrl());
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Plakat.pdf");
        await Page.AssertAccessibleAsync();
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Slet filen") }), FolderUrl());
        await Page.GotoAsync(folderPath);
        await Expect(Page.Locator(".media-items tbody tr")).ToHaveCountAsync(1);
        await Page.AssertAccessibleAsync();
        await Page.GotoAsync(itemPath);

        // Deleting an unused file leads back to its folder.
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Slet filen") }), FolderUrl());
        await Expect(Page.Locator(".notice[role=status]")).ToContainTextAsync("er slettet");
        await Expect(Page.Locator(".empty").Last).ToContainTextAsync("Ingen filer");
        await Page.AssertAccessibleAsync();
    }

    private static byte[] Png(int width, int height)
    {
        // The app has started (and kept libvips' modules out) before any test runs.
        using var background = (Image.Black(width, height, bands: 3) + new[] { 128.0, 128, 128 }).Cast(Enums.BandFormat.Uchar);
        using var marker = (Image.Black(40, 40, bands: 3) + new[] { 255.0, 0, 0 }).Cast(Enums.BandFormat.Uchar);
        using var image = background.Insert(marker, width / 4 - 20, height * 3 / 4 - 20);
        return image.PngsaveBuffer();
    }

    private async Task StaffSignInAsync(IPage page)
    {
        var email = await Site.CreateModeratorAsync();
        await page.GotoAsync("/redaktion/log-ind");
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Adgangskode", new() { Exact = true }).FillAsync(SiteFixture.Password);
        await ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Fortsæt" }), new Regex("/redaktion/totp$"));
        var key = await page.Locator(".totp-key").InnerTextAsync();
        await page.GetByLabel("Kode fra appen").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Slå to-trins-login til" }).ClickAsync();
        await Expect(page.Locator(".notice[role=status]")).ToContainTextAsync("To-trins-login er slået til.");
    }

    private static async Task ClickAndWaitForUrlAsync(IPage page, ILocator target, Regex url)
    {
        await page.RunAndWaitForResponseAsync(() => target.ClickAsync(), r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400);
        await page.WaitForURLAsync(url);
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    [GeneratedRegex(@"/redaktion/medier\?mappe=[0-9a-f-]{36}$")]
    private static partial Regex FolderUrl();

    [GeneratedRegex(@"/redaktion/medier/[0-9a-f-]{36}$")]
    private static partial Regex ItemUrl();
}
