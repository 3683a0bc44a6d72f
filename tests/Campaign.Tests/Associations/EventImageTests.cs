using System.Net;
using System.Net.Http.Headers;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetVips;

namespace Campaign.Tests.Associations;

/// <summary>A photo on an event: checked from its content, stripped of metadata, served as WebP in sizes, and the form keeps everything else.</summary>
public sealed class EventImageTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private static byte[] Jpeg(int width, int height)
    {
        var xyz = Image.Xyz(width, height);
        return (xyz[0] * (255.0 / width)).Bandjoin(xyz[1] * (255.0 / height), xyz[0] * 0 + 128).Cast(Enums.BandFormat.Uchar).JpegsaveBuffer();
    }

    private async Task<HttpResponseMessage> PostWithImageAsync(HttpClient client, Dictionary<string, string> fields, byte[] image, string fileName)
    {
        var page = await Html.ParseAsync(await client.GetAsync("/forening/arrangement"));
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
        return await client.PostAsync("/forening/arrangement", form);
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
    public async Task A_photo_without_a_description_asks_for_one_and_keeps_the_photo()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var fields = Portal.EventFields(Portal.Unique("Fællesspisning"));

        var response = await PostWithImageAsync(client, fields, Jpeg(800, 600), "mad.jpg");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Html.ParseAsync(response);
        Assert.Contains("alternativ tekst", html.QuerySelector(".error-summary")?.TextContent);
        Assert.False(string.IsNullOrEmpty(html.QuerySelector("input[name='Form.ImageId']")?.GetAttribute("value")));
    }
}
