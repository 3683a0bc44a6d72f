using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Media;
using Microsoft.Extensions.DependencyInjection;
using NetVips;

namespace Campaign.Tests.Media;

/// <summary>An image block holds a library id and a crop, takes the library's alternative text, and renders that crop.</summary>
public sealed class ImagePickerTests(MediaLibraryApp app) : IntegrationTest<MediaLibraryApp>(app)
{
    private static byte[] Png(int width, int height)
    {
        using var image = (Image.Black(width, height, bands: 3) + new[] { 90.0, 140, 120 }).Cast(Enums.BandFormat.Uchar);
        return image.PngsaveBuffer();
    }

    private static async Task<Guid> UploadAsync(HttpClient client, string fileName, string altText)
    {
        var html = await Html.ParseAsync(await client.GetAsync("/redaktion/medier/upload"));
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(html.QuerySelector("form[enctype] input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken");
        form.Add(new StringContent(altText), "AltText");
        var file = new ByteArrayContent(Png(1600, 1200));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", fileName);
        var response = await client.PostAsync("/redaktion/medier/upload", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    private Task<ContentData> CurrentAsync(Guid id) => App.With(async services =>
        (await services.GetRequiredService<ContentService>().LoadAsync(id, default)).Current!.ReadData());

    [Fact]
    public async Task A_picked_image_is_stored_by_id_and_crop_takes_the_library_alt_text_and_renders_that_crop()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var fileName = Portal.Unique("baenken") + ".png";
        var mediaId = await UploadAsync(editor, fileName, "To ældre mænd taler sammen på en bænk");
        var (id, url) = await App.CreateAsync(Pages.UniqueName("Med valgt billede"), Pages.Data("En side med et billede."), publish: false);

        // The picker's JSON finds the file by a word of its alternative text.
        var found = await editor.GetFromJsonAsync<MediaPickerApi.PickerDto>("/redaktion/medier/vaelg?type=billede&q=bænk");
        var item = Assert.Single(found!.Items, i => i.Id == mediaId);
        Assert.Equal("To ældre mænd taler sammen på en bænk", item.Alt);
        Assert.Empty((await editor.GetFromJsonAsync<MediaPickerApi.PickerDto>("/redaktion/medier/vaelg?type=pdf&q=bænk"))!.Items);

        var published = await ContentForms.PressAsync(editor, id, "Publish", ("Blocks.Count", "1"), ("Blocks[0].type", "image"),
            ("Blocks[0].mediaId", mediaId.ToString()), ("Blocks[0].crop", "portrait"), ("Blocks[0].alt", ""), ("Blocks[0].caption", "Foto: Kampagnen"));

        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var block = Assert.IsType<ImageBlock>((await CurrentAsync(id)).Blocks.Single());
        Assert.Equal(mediaId, block.MediaId);
        Assert.Equal("portrait", block.Crop);
        Assert.Equal("To ældre mænd taler sammen på en bænk", block.Alt);
        Assert.Null(block.Src);

        var page = await Html.ParseAsync(await App.Client().GetAsync(url));
        var img = page.QuerySelector(".block--image img")!;
        Assert.Equal($"/media/{mediaId}/portrait.webp", img.GetAttribute("src"));
        Assert.Equal(("1080", "1350"), (img.GetAttribute("width"), img.GetAttribute("height")));
        Assert.Equal("To ældre mænd taler sammen på en bænk", img.GetAttribute("alt"));
        var crop = await App.Client().GetAsync(img.GetAttribute("src"));
        Assert.Equal(HttpStatusCode.OK, crop.StatusCode);
        Assert.Equal("image/webp", crop.Content.Headers.ContentType?.MediaType);
        using var webp = Image.NewFromBuffer(await crop.Content.ReadAsByteArrayAsync());
        Assert.Equal(4.0 / 5, (double)webp.Width / webp.Height, 2);

        // The editor shows the block again with the id, the chosen crop and the alternative text, overridable.
        var form = await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{id}"));
        Assert.Equal(mediaId.ToString(), form.QuerySelector("[data-media-field=billede] input[name='Blocks[0].mediaId']")?.GetAttribute("value"));
        Assert.Equal("portrait", form.QuerySelector("select[name='Blocks[0].crop'] option[selected]")?.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, (await ContentForms.PressAsync(editor, id, "Publish", ("Blocks[0].alt", "Samtale på en bænk i parken"))).StatusCode);
        Assert.Equal("Samtale på en bænk i parken", (await Html.ParseAsync(await App.Client().GetAsync(url))).QuerySelector(".block--image img")?.GetAttribute("alt"));
    }

    [Fact]
    public async Task Without_javascript_a_pasted_library_address_becomes_the_id_and_an_unknown_id_is_refused_in_danish()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var mediaId = await UploadAsync(editor, Portal.Unique("kaffe") + ".png", "En kop kaffe på et bord");
        var (id, _) = await App.CreateAsync(Pages.UniqueName("Indsat adresse"), Pages.Data("En side."), publish: false);

        var saved = await ContentForms.PressAsync(editor, id, "Save", ("Blocks.Count", "1"), ("Blocks[0].type", "image"), ("Blocks[0].mediaId", $"https://talomensomhed.example/media/{mediaId}-960.webp"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(mediaId, Assert.IsType<ImageBlock>((await CurrentAsync(id)).Blocks.Single()).MediaId);

        var unknown = await ContentForms.PressAsync(editor, id, "Save", ("Blocks[0].mediaId", Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Billedet i blok 1 findes ikke i mediebiblioteket.", (await Html.ParseAsync(unknown)).QuerySelector(".error-summary")?.TextContent);
        Assert.Equal(mediaId, Assert.IsType<ImageBlock>((await CurrentAsync(id)).Blocks.Single()).MediaId);
    }

    [Fact]
    public async Task An_image_block_saved_with_a_typed_address_still_renders_and_becomes_an_id_when_edited()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var mediaId = await UploadAsync(editor, Portal.Unique("gammel") + ".png", "Et ældre billede");
        var legacy = ContentJson.Deserialize($$"""{"properties":{},"blocks":[{"type":"image","src":"/media/{{mediaId}}-960.webp","alt":"Et ældre billede","width":1200,"height":800}]}""").Blocks.Single();
        var (id, url) = await App.CreateAsync(Pages.UniqueName("Gammelt billede"), Pages.Data("En ældre side.", legacy));

        var img = (await Html.ParseAsync(await App.Client().GetAsync(url))).QuerySelector(".block--image img")!;
        Assert.Equal(($"/media/{mediaId}-960.webp", "1200", "800"), (img.GetAttribute("src"), img.GetAttribute("width"), img.GetAttribute("height")));

        var form = await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{id}"));
        Assert.Equal(mediaId.ToString(), form.QuerySelector("input[name='Blocks[0].mediaId']")?.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, (await ContentForms.PressAsync(editor, id, "Publish", ("Blocks[0].caption", "Nu med billedtekst"))).StatusCode);
        var block = Assert.IsType<ImageBlock>((await CurrentAsync(id)).Blocks.Single());
        Assert.Equal((mediaId, "hero", (string?)null), (block.MediaId!.Value, block.Crop, block.Src));
    }

    [Fact]
    public async Task The_picker_lists_only_for_staff()
    {
        var anonymous = await App.Client().GetAsync("/redaktion/medier/vaelg?type=billede");
        Assert.Contains(anonymous.StatusCode, new[] { HttpStatusCode.Redirect, HttpStatusCode.Unauthorized });
        Assert.DoesNotContain("\"items\"", await anonymous.Content.ReadAsStringAsync());
        var pages = await App.Client().GetAsync("/redaktion/indhold/vaelg");
        Assert.Contains(pages.StatusCode, new[] { HttpStatusCode.Redirect, HttpStatusCode.Unauthorized });
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.GetAsync("/redaktion/medier/vaelg?type=video")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/redaktion/medier/vaelg?mappe={Guid.NewGuid()}")).StatusCode);
    }
}
