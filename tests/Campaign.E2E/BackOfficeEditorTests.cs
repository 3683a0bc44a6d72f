using System.Text.RegularExpressions;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Features.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>The content editor's own parts in the browser: rich text, the image picker with upload in place, and moving blocks by keyboard.</summary>
public sealed partial class BackOfficeJourneyTests
{
    /// <summary>What a page copied from elsewhere may carry; the editor keeps its words and drops the rest.</summary>
    /// <remarks>Event-handler and style attributes are left to the integration tests: the browser reports them as CSP violations while parsing the paste, which fails any browser test.</remarks>
    private const string PastedHtml = "<p>Indsat fra en anden side<script>window.__pwned = 2</script> "
        + "<a href=\"javascript:window.__pwned=3\">klik</a> <span>stil</span></p><iframe src=\"https://evil.example\"></iframe>";

    [Fact]
    public async Task An_editor_reorders_blocks_by_keyboard_folds_them_and_picks_an_image_uploaded_in_the_picker()
    {
        var name = $"Blokke i rækkefølge {Word()}";
        var id = await Site.CreateDraftPageAsync(name, new ContentData
        {
            Properties = new() { ["intro"] = "En side med tre blokke." },
            Blocks = [new FactBlock("1", "første"), new QuoteBlock("Anden blok."), new RichTextBlock("Tredje blok.")],
        });
        await StaffSignInAsync(Page, Roles.Editor, "Kim Redaktør");
        await Page.GotoAsync($"/redaktion/indhold/{id}");
        var titles = Page.Locator(".block-editor__title");
        await Expect(titles).ToHaveTextAsync(["Blok 1: Faktaboks", "Blok 2: Citat eller fortælling", "Blok 3: Tekst"]);
        await Page.AssertAccessibleAsync();

        // The drag handle: Space takes the block up, the arrows move it, Space puts it down; the page says where it is.
        var handle = Page.GetByRole(AriaRole.Button, new() { Name = "Træk blok 3" });
        await handle.FocusAsync();
        await Page.Keyboard.PressAsync("Space");
        await Expect(handle).ToHaveAttributeAsync("aria-pressed", "true");
        await Page.Keyboard.PressAsync("ArrowUp");
        await Page.Keyboard.PressAsync("ArrowUp");
        await Page.Keyboard.PressAsync("Space");
        await Expect(Page.Locator("[data-block-status]")).ToHaveTextAsync("Blokken er sat på plads 1 af 3. Gem for at beholde rækkefølgen.");
        await Expect(titles).ToHaveTextAsync(["Blok 1: Tekst", "Blok 2: Faktaboks", "Blok 3: Citat eller fortælling"]);
        Assert.True(await IsFocusedAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Træk blok 1" })));

        // Escape puts a block back where it was taken from.
        await Page.Keyboard.PressAsync("Space");
        await Page.Keyboard.PressAsync("ArrowDown");
        await Page.Keyboard.PressAsync("Escape");
        await Expect(titles).ToHaveTextAsync(["Blok 1: Tekst", "Blok 2: Faktaboks", "Blok 3: Citat eller fortælling"]);

        // "Flyt ned" is a plain submit button, pressed here with Enter: a round trip that keeps the order made by dragging.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Flyt ned (blok 2)" }).FocusAsync();
        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Flyt ned (blok 2)" }), "Enter");
        await Expect(titles).ToHaveTextAsync(["Blok 1: Tekst", "Blok 2: Citat eller fortælling", "Blok 3: Faktaboks"]);
        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Gem kladde" }));
        await Expect(Notice(Page)).ToHaveTextAsync("Kladden er gemt.");
        await Expect(titles).ToHaveTextAsync(["Blok 1: Tekst", "Blok 2: Citat eller fortælling", "Blok 3: Faktaboks"]);
        await Expect(Block(Page, 1, "Tekst").Locator(".richtext__content")).ToHaveTextAsync("Tredje blok.");

        // Folding: a block folds to its title and first words; all fold and unfold at once.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Fold alle blokke sammen" }).ClickAsync();
        await Expect(Page.Locator("details.block-editor[open]")).ToHaveCountAsync(0);
        await Expect(Page.Locator(".block-editor__excerpt").First).ToHaveTextAsync("Tredje blok.");
        await Page.Locator(".block-editor__summary").Nth(2).FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("details.block-editor[open]")).ToHaveCountAsync(1);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-blocks-folded");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Fold alle blokke ud" }).ClickAsync();

        // An image block whose picture is uploaded from inside the picker.
        await AddBlockAsync(Page, "Billede", 4);
        var picture = Block(Page, 4, "Billede");
        await picture.GetByRole(AriaRole.Button, new() { Name = "Vælg billede" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Vælg et billede" });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByText("Upload en ny fil her").ClickAsync();
        await dialog.GetByLabel("Fil", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "haender.png", MimeType = "image/png", Buffer = Png(900, 600) });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Upload og vælg" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("Skriv en alternativ tekst");
        await dialog.GetByLabel("Alternativ tekst").FillAsync("To hænder om en kaffekop");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Upload og vælg" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(picture.GetByLabel(new Regex("^Alternativ tekst"))).ToHaveValueAsync("To hænder om en kaffekop");
        await Expect(picture.Locator("img.media-field__thumb")).ToHaveAttributeAsync("src", new Regex(@"^/media/[0-9a-f-]{36}/hero\.webp$"));
        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Gem kladde" }));
        await Expect(Notice(Page)).ToHaveTextAsync("Kladden er gemt.");
        await Expect(Block(Page, 4, "Billede").Locator("img.media-field__thumb")).ToHaveAttributeAsync("src", new Regex(@"^/media/[0-9a-f-]{36}/hero\.webp$"));
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-blocks-reordered");
    }

    /// <summary>Writes a heading, a paragraph with bold and a bulleted list with the toolbar and shortcuts, then pastes hostile HTML.</summary>
    private async Task WriteRichTextAsync(IPage page, ILocator block)
    {
        var text = block.GetByRole(AriaRole.Textbox, new() { Name = "Tekst", Exact = true });
        var toolbar = block.GetByRole(AriaRole.Toolbar);
        await text.ClickAsync();
        await toolbar.GetByRole(AriaRole.Button, new() { Name = "H2 mellemoverskrift" }).ClickAsync();
        await page.Keyboard.TypeAsync("Tal om det i frokostpausen");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("Det kræver ");
        await page.Keyboard.PressAsync("Control+b");
        await page.Keyboard.TypeAsync("ikke");
        await page.Keyboard.PressAsync("Control+b");
        await page.Keyboard.TypeAsync(" meget at spørge en kollega, hvordan det går.");
        await page.Keyboard.PressAsync("Enter");
        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Punktliste" }).ClickAsync();
        await Expect(toolbar.GetByRole(AriaRole.Button, new() { Name = "Punktliste" })).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Keyboard.TypeAsync("Spis sammen");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("Inviter nye med");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Enter");

        // Pasting from another page: the editor keeps the words; nothing in the paste runs.
        await text.EvaluateAsync(@"(el, html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', 'Indsat fra en anden side');
            el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }", PastedHtml);
        await Expect(text).ToContainTextAsync("Indsat fra en anden side");
        await page.WaitForTimeoutAsync(300);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        var posted = await block.Locator("textarea[data-richtext]").InputValueAsync();
        Assert.StartsWith("<h2>Tal om det i frokostpausen</h2><p>Det kræver <strong>ikke</strong> meget at spørge en kollega, hvordan det går.</p><ul><li><p>Spis sammen</p></li><li><p>Inviter nye med</p></li></ul>", posted);
        foreach (var bad in new[] { "<img", "onerror", "<script", "javascript:", "style=", "<iframe" })
        {
            Assert.DoesNotContain(bad, posted, StringComparison.OrdinalIgnoreCase);
        }

        await Page.AssertAccessibleAsync();
    }

    /// <summary>Opens the picker from the image block, finds the image by a word of its alternative text and picks it.</summary>
    private async Task PickImageAsync(IPage page, ILocator block, LibraryImage image)
    {
        await block.GetByRole(AriaRole.Button, new() { Name = "Vælg billede" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Vælg et billede" });
        await Expect(dialog).ToBeVisibleAsync();
        Assert.True(await IsFocusedAsync(dialog.GetByLabel("Søg i mediebiblioteket")));
        await dialog.GetByLabel("Søg i mediebiblioteket").FillAsync("langt bord");
        await page.Keyboard.PressAsync("Enter");
        var item = dialog.GetByRole(AriaRole.Button, new() { Name = $"Vælg frokost.png: {image.Alt}" }).First;
        await Expect(item).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Status)).ToContainTextAsync("billede");
        await page.AssertAccessibleAsync();
        await ScreenshotAsync(page, "back-office-image-picker", fullPage: false);
        await item.ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(block.GetByLabel(new Regex("^Alternativ tekst"))).ToHaveValueAsync(image.Alt);
        await Expect(block).ToContainTextAsync("Valgt: frokost.png");
    }
}
