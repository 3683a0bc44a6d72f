using System.Net;
using System.Net.Http.Headers;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetVips;

namespace Campaign.Tests.Associations;

/// <summary>The portal app with a media folder of its own, so the files these tests count are theirs alone.</summary>
public sealed class EventImageApp : CampaignApp
{
    public EventImageApp() => With("Abuse:MinimumFillSeconds", "0").With("Abuse:SignInPermitsPerMinute", "1000").With("Abuse:SubmitPermitsPer10Minutes", "1000")
        .With("Media:Root", Path.Combine(Folder, "media"));
}

/// <summary>A photo on an event: checked from its content, stripped of metadata, served as WebP in sizes, and the form keeps everything else.</summary>
public sealed class EventImageTests(EventImageApp app) : IntegrationTest<EventImageApp>(app)
{
    private static byte[] Jpeg(int width, int height)
    {
        var xyz = Image.Xyz(width, height);
        return (xyz[0] * (255.0 / width)).Bandjoin(xyz[1] * (255.0 / height), xyz[0] * 0 + 128).Cast(Enums.BandFormat.Uchar).JpegsaveBuffer();
    }

    private async Task<HttpResponseMessage> PostWithImageAsync(HttpClient client, Dictionary<string, string> fields, byte[] image, string fileName, string url = "/forening/arrangement")
    {
        var page = await Html.ParseAsync(await client.GetAsync(url));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }

        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "image", fileName);
        return await client.PostAsync(url, form);
    }

    [Fact]
    public async Task An_event_with_a_photo_shows_it_as_webp_in_several_sizes()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var fields = Portal.EventFields(Portal.Unique("Gåtur med billede"));
        fields["Form.ImageAlt"] = "Fem mennesker går langs søen";

        var response = await PostWithImageAsync(client, fields, Jpeg(2000, 1200), "gaatur.jpg");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var details = await App.With(services => services.GetRequiredService<CampaignDb>().Events.AsNoTracking().Where(e => e.Details.Title == fields["Form.Title"]).Select(e => e.Details).SingleAsync());
        Assert.Equal(2000, details.ImageWidth);
        Assert.Equal("Fem mennesker går langs søen", details.ImageAlt);
        var derived = await App.Client().GetAsync($"/media/{details.ImageId}-960.webp");
        Assert.Equal(HttpStatusCode.OK, derived.StatusCode);
        Assert.Equal("image/webp", derived.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", derived.Headers.CacheControl?.ToString());
        var bytes = await derived.Content.ReadAsByteArrayAsync();
        Assert.Equal("WEBP", System.Text.Encoding.ASCII.GetString(bytes, 8, 4));
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/media/{details.ImageId}-123.webp")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync("/media/../../etc/passwd")).StatusCode);
    }

    [Fact]
    public async Task A_renamed_exe_is_refused_and_the_rest_of_the_form_is_kept()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var fields = Portal.EventFields("Strikkecafé med forkert fil");
        var exe = new byte[4096];
        exe[0] = (byte)'M';
        exe[1] = (byte)'Z';

        var response = await PostWithImageAsync(client, fields, exe, "billede.jpg");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Filen er ikke et billede", html);
        Assert.Contains("value=\"Strikkecafé med forkert fil\"", html);
    }

    [Fact]
    public async Task A_photo_without_a_description_asks_for_one_before_the_photo_is_stored()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var fields = Portal.EventFields(Portal.Unique("Fællesspisning"));
        var before = StoredOriginals();

        var response = await PostWithImageAsync(client, fields, Jpeg(800, 600), "mad.jpg");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Html.ParseAsync(response);
        Assert.Contains("alternativ tekst", html.QuerySelector(".error-summary")?.TextContent);
        Assert.Contains("vælg så billedet igen", html.QuerySelector(".error-summary")?.TextContent);
        Assert.Equal(fields["Form.Title"], html.QuerySelector("input[name='Form.Title']")?.GetAttribute("value"));
        Assert.Equal(before, StoredOriginals());
    }

    [Fact]
    public async Task A_form_with_errors_stores_no_photo()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var fields = Portal.EventFields(Portal.Unique("Gåtur"));
        fields["Form.ImageAlt"] = "Folk på en sti";
        fields["Form.PostalCode"] = "0000";
        var before = StoredOriginals();
        var uploadsBefore = await App.With(services => services.GetRequiredService<CampaignDb>().EventUploads.CountAsync());

        var response = await PostWithImageAsync(client, fields, Jpeg(800, 600), "tur.jpg");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("postnummer", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, StoredOriginals());
        Assert.Equal(uploadsBefore, await App.With(services => services.GetRequiredService<CampaignDb>().EventUploads.CountAsync()));
    }

    [Fact]
    public async Task Photos_nothing_refers_to_are_swept_after_the_grace_period()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var fields = Portal.EventFields(Portal.Unique("Sankthans"));
        fields["Form.ImageAlt"] = "Bål ved stranden";
        Assert.Equal(HttpStatusCode.Redirect, (await PostWithImageAsync(client, fields, Jpeg(900, 600), "baal.jpg")).StatusCode);
        var evt = await App.With(services => services.GetRequiredService<CampaignDb>().Events.AsNoTracking().SingleAsync(e => e.Details.Title == fields["Form.Title"]));
        var kept = evt.Details.ImageId!.Value;

        // The organiser replaces the photo: the first one is referred to by nothing any more.
        var edit = await Html.ParseAsync(await client.GetAsync($"/forening/arrangement/{evt.Id}"));
        fields.Remove("handling");
        fields["Form.Revision"] = edit.QuerySelector("input[name='Form.Revision']")!.GetAttribute("value")!;
        fields["Form.ImageId"] = kept.ToString();
        fields["Form.ImageWidth"] = "900";
        fields["Form.ImageHeight"] = "600";
        Assert.Equal(HttpStatusCode.Redirect, (await PostWithImageAsync(client, fields, Jpeg(700, 500), "nyt.jpg", $"/forening/arrangement/{evt.Id}")).StatusCode);
        var replacement = await App.With(services => services.GetRequiredService<CampaignDb>().Events.AsNoTracking().Where(e => e.Id == evt.Id).Select(e => e.Details.ImageId!.Value).SingleAsync());
        Assert.NotEqual(kept, replacement);

        // Within the grace period nothing goes; after it, only the photo nothing refers to.
        Assert.Equal(0, await App.With(services => UploadSweep.RunAsync(services, DateTime.UtcNow.AddHours(1), CancellationToken.None)));
        Assert.True(await App.With(services => UploadSweep.RunAsync(services, DateTime.UtcNow.AddHours(25), CancellationToken.None)) >= 1);

        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/media/{kept}-480.webp")).StatusCode);
        Assert.DoesNotContain(StoredOriginals(), f => f.StartsWith(kept.ToString(), StringComparison.Ordinal));
        Assert.False(await App.With(services => services.GetRequiredService<CampaignDb>().EventUploads.AnyAsync(u => u.Id == kept)));
        Assert.Contains(StoredOriginals(), f => f.StartsWith(replacement.ToString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await App.Client().GetAsync($"/media/{replacement}-480.webp")).StatusCode);
    }

    [Fact]
    public async Task An_association_over_its_upload_quota_is_told_so_in_danish()
    {
        var (client, email) = await App.RegisterAndSignInAsync();
        var associationId = await App.With(services => services.GetRequiredService<CampaignDb>().Users.Where(u => u.Email == email).Select(u => u.AssociationId!.Value).SingleAsync());
        var quota = App.Services.GetRequiredService<IOptions<MediaOptions>>().Value;
        await App.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            db.EventUploads.Add(EventUpload.Record(Guid.NewGuid(), associationId, quota.UploadQuotaBytes - 1000, DateTime.UtcNow));
            return await db.SaveChangesAsync();
        });
        var fields = Portal.EventFields(Portal.Unique("Koncert"));
        fields["Form.ImageAlt"] = "Et kor synger";
        var before = StoredOriginals();

        var response = await PostWithImageAsync(client, fields, Jpeg(800, 600), "kor.jpg");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"brugt sin plads til billeder ({quota.UploadQuotaMegabytes} MB)", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, StoredOriginals());
    }

    private List<string> StoredOriginals()
    {
        var folder = Path.Combine(App.Services.GetRequiredService<IOptions<MediaOptions>>().Value.Root, "originals");
        return Directory.Exists(folder) ? Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>().Order().ToList() : [];
    }
}
