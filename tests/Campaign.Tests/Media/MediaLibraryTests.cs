using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Media;
using Campaign.Web.Features.Media.Pages;
using Campaign.Web.Features.Newsletter;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetVips;

namespace Campaign.Tests.Media;

/// <summary>The app with relaxed bot checks and its media in its own temporary folder.</summary>
public sealed class MediaLibraryApp : CampaignApp
{
    public MediaLibraryApp() => With("Abuse:MinimumFillSeconds", "0").With("Abuse:SignInPermitsPerMinute", "1000")
        .With("Abuse:SubmitPermitsPer10Minutes", "1000").With("Media:Root", Path.Combine(Folder, "media"));
}

/// <summary>Editors keep images and PDFs in /redaktion/medier: folders, alt texts, focal points and crops, where a file is used, and deleting.</summary>
public sealed class MediaLibraryTests(MediaLibraryApp app) : IntegrationTest<MediaLibraryApp>(app)
{
    private const int MarkerSize = 40;

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

    /// <summary>A grey PNG with a red square centred on (<paramref name="markerX"/>, <paramref name="markerY"/>).</summary>
    private static byte[] Png(int width, int height, int markerX, int markerY)
    {
        using var background = (Image.Black(width, height, bands: 3) + new[] { 128.0, 128, 128 }).Cast(Enums.BandFormat.Uchar);
        using var marker = (Image.Black(MarkerSize, MarkerSize, bands: 3) + new[] { 255.0, 0, 0 }).Cast(Enums.BandFormat.Uchar);
        using var image = background.Insert(marker, markerX - MarkerSize / 2, markerY - MarkerSize / 2);
        return image.PngsaveBuffer();
    }

    private static bool HasRedMarker(byte[] webp)
    {
        using var image = Image.WebploadBuffer(webp);
        using var bytes = image.Cast(Enums.BandFormat.Uchar);
        var pixels = bytes.WriteToMemory<byte>();
        var bands = image.Bands;
        var red = 0;
        for (var i = 0; i + 2 < pixels.Length; i += bands)
        {
            if (pixels[i] > 180 && pixels[i + 1] < 90 && pixels[i + 2] < 90)
            {
                red++;
            }
        }

        return red > MarkerSize * MarkerSize / 4;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName, string? altText, Guid? folder = null, string contentType = "image/png")
    {
        var page = $"/redaktion/medier/upload{(folder is null ? "" : $"?mappe={folder}")}";
        var html = await Html.ParseAsync(await client.GetAsync(page));
        var token = html.QuerySelector("form[enctype] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        if (altText is not null)
        {
            form.Add(new StringContent(altText), "AltText");
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync(page, form);
    }

    private static async Task<Guid> UploadedAsync(HttpClient client, byte[] content, string fileName, string? altText, Guid? folder = null, string contentType = "image/png")
    {
        var response = await UploadAsync(client, content, fileName, altText, folder, contentType);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    /// <summary>The item form's current fields with some changed, as the browser would post them.</summary>
    private static async Task<List<KeyValuePair<string, string>>> ItemFieldsAsync(HttpClient client, Guid id, params (string Key, string Value)[] changes)
    {
        var html = await Html.ParseAsync(await client.GetAsync($"/redaktion/medier/{id}"));
        var form = html.QuerySelector("form.media-item__form")!;
        var fields = form.QuerySelectorAll("input[name], select[name]")
            .Where(e => e.GetAttribute("name") != "__RequestVerificationToken")
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e.LocalName == "select"
                ? e.QuerySelector("option[selected]")?.GetAttribute("value") ?? ""
                : e.GetAttribute("value") ?? ""))
            .ToList();
        foreach (var (key, value) in changes)
        {
            fields.RemoveAll(f => f.Key == key);
            fields.Add(new(key, value));
        }

        return fields;
    }

    private Task<MediaItem?> FindItemAsync(Guid id) =>
        App.With(services => services.GetRequiredService<CampaignDb>().MediaItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id));

    private static string[] Texts(IDocument html, string selector) => html.QuerySelectorAll(selector).Select(e => e.TextContent.Trim()).ToArray();

    [Fact]
    public async Task An_image_with_alt_text_is_uploaded_listed_and_ready_for_an_image_block()
    {
        var (editor, email) = await App.StaffSignedInAsync(Roles.Editor);
        var name = Portal.Unique("strikkecafe") + ".png";

        var id = await UploadedAsync(editor, Png(1200, 800, 600, 400), name, "Fem mennesker strikker ved et langbord");

        var item = await FindItemAsync(id);
        Assert.NotNull(item);
        Assert.Equal((MediaKind.Image, name, 1200, 800, email), (item.Kind, item.FileName, item.Width, item.Height, item.UploadedBy));
        Assert.Equal((0.5, 0.5), (item.FocalX, item.FocalY));
        var list = await Html.ParseAsync(await editor.GetAsync("/redaktion/medier"));
        Assert.Contains(list.QuerySelectorAll($"a[href='/redaktion/medier/{id}']"), a => a.TextContent.Contains(name, StringComparison.Ordinal));

        var page = await Html.ParseAsync(await editor.GetAsync($"/redaktion/medier/{id}"));
        Assert.Equal("Fem mennesker strikker ved et langbord", page.QuerySelector("#AltText")?.GetAttribute("value"));
        Assert.Equal($"/media/{id}-960.webp", page.QuerySelector("#block-src")?.GetAttribute("value"));
        Assert.Equal(("1200", "800"), (page.QuerySelector("#block-width")?.GetAttribute("value"), page.QuerySelector("#block-height")?.GetAttribute("value")));
        Assert.All(page.QuerySelectorAll("main img"), img => Assert.False(string.IsNullOrWhiteSpace(img.GetAttribute("alt"))));
        Assert.Equal(HttpStatusCode.OK, (await App.Client().GetAsync($"/media/{id}-960.webp")).StatusCode);
        Assert.True(await App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.AnyAsync(a => a.ItemId == id && a.Action == "Uploadede fil")));
    }

    [Fact]
    public async Task An_image_without_alt_text_is_refused_in_danish_and_not_stored()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var name = Portal.Unique("uden-alt") + ".png";
        var originals = Path.Combine(App.Folder, "media", "originals");
        var before = Directory.Exists(originals) ? Directory.GetFiles(originals).Length : 0;

        var response = await UploadAsync(editor, Png(400, 300, 200, 150), name, altText: "  ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Html.ParseAsync(response);
        Assert.Contains(MediaItem.AltTextMissing, html.QuerySelector(".error-summary")?.TextContent);
        Assert.False(await App.With(services => services.GetRequiredService<CampaignDb>().MediaItems.AnyAsync(i => i.FileName == name)));
        Assert.Equal(before, Directory.Exists(originals) ? Directory.GetFiles(originals).Length : 0);
    }

    [Theory]
    [InlineData("plakat.pdf", "application/pdf")]
    [InlineData("billede.jpg", "image/jpeg")]
    public async Task A_renamed_exe_is_refused(string fileName, string contentType)
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var exe = new byte[4096];
        exe[0] = (byte)'M';
        exe[1] = (byte)'Z';

        var response = await UploadAsync(editor, exe, fileName, "En fil", contentType: contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(UploadModel.NeitherImageNorPdf, (await Html.ParseAsync(response)).QuerySelector(".error-summary")?.TextContent);
    }

    [Fact]
    public async Task A_damaged_image_gets_the_danish_message_from_the_image_check()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var png = Png(400, 300, 200, 150);

        var response = await UploadAsync(editor, png[..(png.Length / 2)], "halv.png", "Et halvt billede");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(ImageUpload.Unreadable, (await Html.ParseAsync(response)).QuerySelector(".error-summary")?.TextContent);
    }

    [Fact]
    public async Task A_pdf_is_uploaded_without_alt_text_and_served_inline_for_a_year()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);

        var id = await UploadedAsync(editor, Pdf, "Plakat – Mød hinanden.pdf", altText: null, contentType: "application/pdf");

        var item = await FindItemAsync(id);
        Assert.Equal((MediaKind.Document, "application/pdf", (long)Pdf.Length, (string?)null), (item!.Kind, item.ContentType, item.Size, item.AltText));
        Assert.True(File.Exists(Path.Combine(App.Folder, "media", "documents", $"{id}.pdf")));
        var page = await Html.ParseAsync(await editor.GetAsync($"/redaktion/medier/{id}"));
        var url = page.QuerySelector("#document-url")?.GetAttribute("value");
        Assert.Equal($"/media/filer/{id}/plakat-moed-hinanden.pdf", url);
        Assert.Contains($"{url} | PDF |", page.QuerySelector("#download-line")?.GetAttribute("value"));

        var download = await App.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("plakat-moed-hinanden.pdf", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("immutable", download.Headers.CacheControl?.ToString());
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_focal_point_is_saved_and_every_named_crop_keeps_it()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        // The marker sits at 90 % across and 20 % down: a centred square crop would cut it off.
        var id = await UploadedAsync(editor, Png(1200, 800, 1080, 160), "fokus.png", "Rød firkant i hjørnet");
        var centred = await App.Client().GetByteArrayAsync($"/media/{id}/social.webp");
        Assert.False(HasRedMarker(centred));

        var fields = await ItemFieldsAsync(editor, id, ("FocalX", "90"), ("FocalY", "20,0"));
        fields.Add(new("action", "gem"));
        var saved = await Forms.PostAsync(editor, $"/redaktion/medier/{id}", fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var item = await FindItemAsync(id);
        Assert.Equal((0.9, 0.2), (item!.FocalX, item.FocalY));
        var page = await Html.ParseAsync(await editor.GetAsync($"/redaktion/medier/{id}"));
        Assert.Equal(("90", "20"), (page.QuerySelector("#FocalX")?.GetAttribute("value"), page.QuerySelector("#FocalY")?.GetAttribute("value")));
        var crops = page.QuerySelectorAll(".media-crop img").Select(i => i.GetAttribute("src")!).ToList();
        Assert.Equal(MediaCrops.All.Select(c => $"/media/{id}/{c.Name}.webp?v=900-200"), crops);
        foreach (var (crop, url) in MediaCrops.All.Zip(crops))
        {
            var response = await App.Client().GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
            var bytes = await response.Content.ReadAsByteArrayAsync();
            using var image = Image.WebploadBuffer(bytes);
            // The original is smaller than every crop size, so each crop is the largest region of its shape.
            Assert.Equal((double)crop.Width / crop.Height, (double)image.Width / image.Height, 2);
            Assert.True(HasRedMarker(bytes), $"the {crop.Name} crop lost the focal point");
        }

        var unversioned = await App.Client().GetAsync($"/media/{id}/social.webp");
        Assert.DoesNotContain("immutable", unversioned.Headers.CacheControl?.ToString());
        Assert.True(HasRedMarker(await unversioned.Content.ReadAsByteArrayAsync()));
    }

    [Theory]
    [InlineData("150", "20")]
    [InlineData("", "20")]
    [InlineData("abc", "-1")]
    public async Task A_focal_point_outside_the_image_is_refused(string x, string y)
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await UploadedAsync(editor, Png(400, 300, 200, 150), "udenfor.png", "Grå flade");

        var fields = await ItemFieldsAsync(editor, id, ("FocalX", x), ("FocalY", y));
        fields.Add(new("action", "gem"));
        var response = await Forms.PostAsync(editor, $"/redaktion/medier/{id}", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(ItemModel.BadFocalPoint, await response.Content.ReadAsStringAsync());
        Assert.Equal((0.5, 0.5), ((await FindItemAsync(id))!.FocalX, (await FindItemAsync(id))!.FocalY));
    }

    [Fact]
    public async Task Alt_text_and_caption_are_edited_and_a_stale_form_is_refused()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await UploadedAsync(editor, Png(400, 300, 200, 150), "rediger.png", "Første beskrivelse");
        var stale = await ItemFieldsAsync(editor, id, ("AltText", "Gammel fane"));

        var fields = await ItemFieldsAsync(editor, id, ("AltText", "Anden beskrivelse"), ("Caption", "Foto: Kampagnen"));
        fields.Add(new("action", "gem"));
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(editor, $"/redaktion/medier/{id}", fields)).StatusCode);

        stale.Add(new("action", "gem"));
        var conflict = await Forms.PostAsync(editor, $"/redaktion/medier/{id}", stale);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var item = await FindItemAsync(id);
        Assert.Equal(("Anden beskrivelse", "Foto: Kampagnen"), (item!.AltText, item.Caption));

        var empty = await ItemFieldsAsync(editor, id, ("AltText", ""));
        empty.Add(new("action", "gem"));
        var refused = await Forms.PostAsync(editor, $"/redaktion/medier/{id}", empty);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(MediaItem.AltTextMissing, await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Folders_hold_files_and_only_an_empty_folder_is_deleted()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Moderator);
        var name = Portal.Unique("Plakater");

        var created = await Forms.PostAsync(editor, "/redaktion/medier", [new("name", name), new("action", "opret-mappe")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var folderUrl = created.Headers.Location!.OriginalString;
        var folder = Guid.Parse(folderUrl.Split('=')[^1]);
        var duplicate = await Forms.PostAsync(editor, "/redaktion/medier", [new("name", name.ToUpperInvariant()), new("action", "opret-mappe")]);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("findes allerede", await duplicate.Content.ReadAsStringAsync());

        var id = await UploadedAsync(editor, Pdf, "i-mappen.pdf", null, folder, "application/pdf");
        var inFolder = await Html.ParseAsync(await editor.GetAsync(folderUrl));
        Assert.NotNull(inFolder.QuerySelector($"a[href='/redaktion/medier/{id}']"));
        Assert.Null((await Html.ParseAsync(await editor.GetAsync("/redaktion/medier"))).QuerySelector($"a[href='/redaktion/medier/{id}']"));
        Assert.Contains(Texts(await Html.ParseAsync(await editor.GetAsync("/redaktion/medier")), ".media-folders a"), t => t == name);

        var notEmpty = await Forms.PostAsync(editor, folderUrl, [new("action", "slet-mappe")]);
        Assert.Equal(HttpStatusCode.BadRequest, notEmpty.StatusCode);

        var moved = await ItemFieldsAsync(editor, id, ("FolderId", ""));
        moved.Add(new("action", "gem"));
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(editor, $"/redaktion/medier/{id}", moved)).StatusCode);
        Assert.Null((await FindItemAsync(id))!.FolderId);

        var deleted = await Forms.PostAsync(editor, folderUrl, [new("action", "slet-mappe")]);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync(folderUrl)).StatusCode);
    }

    [Fact]
    public async Task A_file_a_published_page_uses_is_listed_and_cannot_be_deleted_until_only_a_draft_uses_it()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await UploadedAsync(editor, Png(1200, 800, 600, 400), "brugt.png", "Et billede på en side");
        var pageName = Pages.UniqueName("Side med billede");
        var (pageId, url) = await App.CreateAsync(pageName, Pages.Data("En side med et billede.", new ImageBlock(id, "Et billede på en side")));

        var item = await Html.ParseAsync(await editor.GetAsync($"/redaktion/medier/{id}"));
        var use = item.QuerySelectorAll(".media-uses li").Single();
        Assert.Contains(pageName, use.TextContent);
        Assert.Contains("Udgivet", use.TextContent);
        Assert.NotNull(use.QuerySelector($"a[href='/redaktion/indhold/{pageId}']"));
        Assert.NotNull(use.QuerySelector($"a[href='{url}']"));
        Assert.Null(item.QuerySelector("button[value=slet]"));

        var refused = await Forms.PostAsync(editor, $"/redaktion/medier/{id}", [new("action", "slet"), new("confirm", "ja")]);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains(ItemModel.UsedPublicly, (await Html.ParseAsync(refused)).QuerySelector(".error-summary")?.TextContent);
        Assert.NotNull(await FindItemAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await App.Client().GetAsync($"/media/{id}-960.webp")).StatusCode);

        await App.With(services => services.GetRequiredService<ContentCommands>().UnpublishAsync(pageId, "test"));
        var unconfirmed = await Forms.PostAsync(editor, $"/redaktion/medier/{id}", [new("action", "slet")]);
        Assert.Equal(HttpStatusCode.Conflict, unconfirmed.StatusCode);
        Assert.Contains(ItemModel.UsedInDrafts, (await Html.ParseAsync(unconfirmed)).QuerySelector(".error-summary")?.TextContent);
        Assert.Contains("Kun i kladde", (await Html.ParseAsync(unconfirmed)).QuerySelector(".media-uses")?.TextContent);

        var deleted = await Forms.PostAsync(editor, $"/redaktion/medier/{id}", [new("action", "slet"), new("confirm", "ja")]);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await FindItemAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/media/{id}-960.webp")).StatusCode);
        Assert.True(await App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.AnyAsync(a => a.ItemId == id && a.Action == "Slettede fil")));
    }

    [Fact]
    public async Task A_file_in_a_newsletter_is_listed_and_kept_while_the_issue_is_scheduled()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await UploadedAsync(editor, Png(1200, 800, 600, 400), "i-nyhedsbrevet.png", "Et billede i et nyhedsbrev");
        var subject = Portal.Unique("Nyhedsbrev med billede");
        var issueId = await App.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var issue = NewsletterIssue.Create(subject, "test", now);
            issue.Edit(subject, [new ImageBlock(id, "Et billede i et nyhedsbrev")], NewsletterInterests.Campaign, [], "test", now);
            issue.Schedule(now.AddDays(3), "test", "https://talomensomhed.example", now);
            db.NewsletterIssues.Add(issue);
            await db.SaveChangesAsync();
            return issue.Id;
        });

        var item = await Html.ParseAsync(await editor.GetAsync($"/redaktion/medier/{id}"));
        var use = item.QuerySelectorAll(".media-uses li").Single();
        Assert.Contains($"Nyhedsbrev: {subject}", string.Join(" ", use.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.Contains("Planlagt", use.TextContent);
        Assert.NotNull(use.QuerySelector($"a[href='/redaktion/nyhedsbrev/{issueId}']"));
        Assert.Null(item.QuerySelector("button[value=slet]"));
        var refused = await Forms.PostAsync(editor, $"/redaktion/medier/{id}", [new("action", "slet"), new("confirm", "ja")]);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains(ItemModel.UsedPublicly, (await Html.ParseAsync(refused)).QuerySelector(".error-summary")?.TextContent);
        Assert.NotNull(await FindItemAsync(id));

        // Back to a draft, the issue still warns before the file goes.
        await App.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var issue = await db.NewsletterIssues.SingleAsync(i => i.Id == issueId);
            issue.Unschedule(DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });
        var unconfirmed = await Forms.PostAsync(editor, $"/redaktion/medier/{id}", [new("action", "slet")]);
        Assert.Equal(HttpStatusCode.Conflict, unconfirmed.StatusCode);
        Assert.Contains(ItemModel.UsedInDrafts, (await Html.ParseAsync(unconfirmed)).QuerySelector(".error-summary")?.TextContent);
        Assert.Contains("Kladde", (await Html.ParseAsync(unconfirmed)).QuerySelector(".media-uses")?.TextContent);
        Assert.NotNull(await FindItemAsync(id));
    }

    [Fact]
    public async Task An_unused_file_is_deleted_with_its_files()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var image = await UploadedAsync(editor, Png(400, 300, 200, 150), "ubrugt.png", "Ubrugt billede");
        var document = await UploadedAsync(editor, Pdf, "ubrugt.pdf", null, contentType: "application/pdf");
        Assert.Equal(HttpStatusCode.OK, (await App.Client().GetAsync($"/media/{image}/hero.webp")).StatusCode);
        Assert.Contains("Filen bruges ikke", await editor.GetStringAsync($"/redaktion/medier/{image}"));

        foreach (var id in new[] { image, document })
        {
            var deleted = await Forms.PostAsync(editor, $"/redaktion/medier/{id}", [new("action", "slet")]);
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
            Assert.Equal("/redaktion/medier", deleted.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/redaktion/medier/{id}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/media/{image}-400.webp")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/media/{image}/hero.webp")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/media/filer/{document}/ubrugt.pdf")).StatusCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(App.Folder, "media", "derived"), $"{image}-*"));
    }

    [Theory]
    [InlineData("/redaktion/medier")]
    [InlineData("/redaktion/medier/upload")]
    [InlineData("/redaktion/medier/0b9c6f52-3b6f-4bfa-9d55-0d6c1e2f3a4b")]
    public async Task Anonymous_visitors_are_sent_to_the_staff_sign_in(string path)
    {
        var response = await App.Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/redaktion/log-ind", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Association_members_cannot_reach_the_library()
    {
        var (member, _) = await App.RegisterAndSignInAsync();

        foreach (var path in new[] { "/redaktion/medier", "/redaktion/medier/upload" })
        {
            var response = await member.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.AbsolutePath == "/fejl/403", $"{path}: got {response.StatusCode} {response.Headers.Location}");
        }
    }

    [Fact]
    public async Task Unknown_ids_are_not_found()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var unknown = Guid.NewGuid();
        var image = await UploadedAsync(editor, Png(400, 300, 200, 150), "kendt.png", "Kendt billede");

        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/redaktion/medier/{unknown}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/redaktion/medier?mappe={unknown}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/redaktion/medier/upload?mappe={unknown}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/media/{unknown}/hero.webp")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/media/{image}/banner.webp")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/media/filer/{unknown}/plakat.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/media/filer/{image}/kendt.png")).StatusCode);
    }
}
