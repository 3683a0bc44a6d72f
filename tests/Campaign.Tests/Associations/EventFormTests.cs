using System.Net;
using System.Net.Http.Headers;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Associations;
using Campaign.Web.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetVips;

namespace Campaign.Tests.Associations;

/// <summary>
/// The event form as an association member posts it: dates that cannot be used, times that run backwards and
/// framework messages all answer 400 with Danish text, nothing typed is lost, and nothing wrong is saved.
/// </summary>
public sealed class EventFormTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private static string Day(int daysAhead) => EventBuilder.Today.AddDays(daysAhead).ToString("yyyy-MM-dd");

    private Task<Event?> SavedAsync(string title) =>
        App.With(services => services.GetRequiredService<CampaignDb>().Events.AsNoTracking().SingleOrDefaultAsync(e => e.Details.Title == title));

    private static async Task<string> SummaryAsync(HttpResponseMessage response)
    {
        var html = await Html.ParseAsync(response);
        return html.QuerySelector(".error-summary")?.TextContent ?? "";
    }

    [Theory]
    [InlineData("31-12-9999")]
    [InlineData("9999-12-31")]
    [InlineData("1-1-0001")]
    public async Task An_all_day_event_in_a_year_out_of_range_gets_a_danish_message_not_a_500(string date)
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var title = Portal.Unique("Heldagsmarch");
        var fields = Portal.EventFields(title);
        fields["Form.AllDay"] = "true";
        fields["Form.Date"] = date;

        var response = await Forms.PostAsync(client, "/forening/arrangement", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"Vælg en dato mellem år 2000 og {EventBuilder.Today.Year + 5}", await SummaryAsync(response));
        Assert.Null(await SavedAsync(title));
    }

    [Fact]
    public async Task An_end_before_the_start_on_one_date_is_refused_and_points_to_the_end_date()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var title = Portal.Unique("Aftenkaffe");
        var fields = Portal.EventFields(title);
        fields["Form.StartTime"] = "16.00";
        fields["Form.EndTime"] = "14.00";

        var response = await Forms.PostAsync(client, "/forening/arrangement", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Html.ParseAsync(response);
        var error = html.QuerySelector(".error-summary a[href='#Form_EndTime']")?.TextContent;
        Assert.Contains("slutter kl. 14.00, før det begynder kl. 16.00", error);
        Assert.Contains("Slutdato", error);
        Assert.Equal("true", html.QuerySelector("#Form_EndTime")?.GetAttribute("aria-invalid"));
        Assert.Equal(title, html.QuerySelector("#Form_Title")?.GetAttribute("value"));
        Assert.Null(await SavedAsync(title));
    }

    [Fact]
    public async Task An_event_that_ends_the_next_day_is_saved_with_its_end_date_and_shown_so()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var title = Portal.Unique("Nattevandring");
        var fields = Portal.EventFields(title);
        fields["Form.Date"] = Day(20);
        fields["Form.EndDate"] = Day(21);
        fields["Form.StartTime"] = "22:00";
        fields["Form.EndTime"] = "02:00";

        var response = await Forms.PostAsync(client, "/forening/arrangement", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var evt = await SavedAsync(title);
        Assert.NotNull(evt);
        Assert.Equal(TimeSpan.FromHours(4), evt.Details.EndUtc - evt.Details.StartUtc);
        var form = await Html.ParseAsync(await client.GetAsync($"/forening/arrangement/{evt.Id}"));
        Assert.Equal(Day(21), form.QuerySelector("#Form_EndDate")?.GetAttribute("value"));
        Assert.Equal("02:00", form.QuerySelector("#Form_EndTime")?.GetAttribute("value"));
    }

    [Fact]
    public async Task An_all_day_event_over_several_days_ends_after_its_last_day()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var title = Portal.Unique("Festival");
        var fields = Portal.EventFields(title);
        fields["Form.AllDay"] = "true";
        fields["Form.Date"] = EventBuilder.Today.AddDays(30).ToString("dd-MM-yyyy");
        fields["Form.EndDate"] = EventBuilder.Today.AddDays(32).ToString("d.M.yyyy");

        var response = await Forms.PostAsync(client, "/forening/arrangement", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var evt = await SavedAsync(title);
        Assert.Equal(CopenhagenTime.StartOfDay(EventBuilder.Today.AddDays(30)), evt!.Details.StartUtc);
        Assert.Equal(CopenhagenTime.StartOfDay(EventBuilder.Today.AddDays(33)), evt.Details.EndUtc);
    }

    [Fact]
    public async Task An_event_in_the_past_is_not_sent_to_moderation()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var title = Portal.Unique("Gammel gåtur");
        var fields = Portal.EventFields(title);
        fields["Form.Date"] = "14-03-2020";

        var response = await Forms.PostAsync(client, "/forening/arrangement", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("er passeret. Vælg en dato fra i dag og frem.", await SummaryAsync(response));
        Assert.Null(await SavedAsync(title));
    }

    [Fact]
    public async Task The_error_summary_holds_only_danish_messages()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var fields = Portal.EventFields("");
        fields["Form.Date"] = "";
        fields["Form.Repeat"] = "hver-anden-uge";
        fields["Form.MunicipalityCode"] = "Rødovre";

        var response = await Forms.PostAsync(client, "/forening/arrangement", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var summary = await SummaryAsync(response);
        Assert.Contains("Skriv datoen", summary);
        Assert.Contains("\"hver-anden-uge\" er ikke en gyldig værdi her.", summary);
        Assert.DoesNotContain("field is required", summary);
        Assert.DoesNotContain("is not valid", summary);
        Assert.DoesNotContain("The ", summary);
    }

    [Fact]
    public async Task Other_forms_get_danish_framework_messages_too()
    {
        var fields = Portal.Registration(Portal.Unique("x") + "@example.org", "");
        fields["Form.Type"] = "Klub";

        var response = await Forms.PostAsync(App.Client(), "/forening/opret", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var summary = await SummaryAsync(response);
        Assert.Contains("\"Klub\" er ikke en gyldig værdi her.", summary);
        Assert.DoesNotContain("field is required", summary);
        Assert.DoesNotContain("is not valid", summary);
    }

    [Fact]
    public async Task A_rejected_association_cannot_send_events()
    {
        var (client, email) = await App.RegisterAndSignInAsync();
        await App.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var associationId = await db.Users.Where(u => u.Email == email).Select(u => u.AssociationId).SingleAsync();
            var association = await db.Associations.SingleAsync(a => a.Id == associationId);
            association.Reject("redaktor@sbst.example", "Foreningen arbejder ikke med ensomhed.", DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });
        var title = Portal.Unique("Afvist forenings gåtur");

        var sent = await Forms.PostAsync(client, "/forening/arrangement", Portal.EventFields(title));

        Assert.Equal(HttpStatusCode.BadRequest, sent.StatusCode);
        Assert.Contains("Jeres forening er ikke godkendt af redaktionen, så I kan ikke sende arrangementer til kalenderen.", await SummaryAsync(sent));
        Assert.Null(await SavedAsync(title));

        var draft = Portal.EventFields(title);
        draft["handling"] = "gem";
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, "/forening/arrangement", draft)).StatusCode);
        Assert.Equal(EventStatus.Draft, (await SavedAsync(title))!.Status);
    }

    [Fact]
    public async Task An_event_sent_before_its_association_was_rejected_says_so_in_the_queue()
    {
        var (client, email) = await App.RegisterAndSignInAsync();
        var title = Portal.Unique("Sendt før afvisningen");
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, "/forening/arrangement", Portal.EventFields(title))).StatusCode);
        await App.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var associationId = await db.Users.Where(u => u.Email == email).Select(u => u.AssociationId).SingleAsync();
            (await db.Associations.SingleAsync(a => a.Id == associationId)).Reject("redaktor@sbst.example", "Ikke en forening.", DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });
        var evt = await SavedAsync(title);
        var (editor, _) = await App.StaffSignedInAsync();

        var queue = await Html.ParseAsync(await editor.GetAsync("/redaktion/moderation"));

        Assert.Contains("(foreningen er afvist)", queue.QuerySelector($"#arrangement-{evt!.Id}")!.ParentElement!.TextContent);
    }

    [Fact]
    public async Task The_moderation_queue_shows_the_events_photo_with_its_description()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var title = Portal.Unique("Gåtur med billede");
        var fields = Portal.EventFields(title);
        fields["Form.ImageAlt"] = "Fem mennesker går langs søen";
        Assert.Equal(HttpStatusCode.Redirect, (await PostWithImageAsync(client, fields)).StatusCode);
        var evt = await SavedAsync(title);
        var (editor, _) = await App.StaffSignedInAsync();

        var queue = await Html.ParseAsync(await editor.GetAsync("/redaktion/moderation"));

        var review = queue.QuerySelector($"#arrangement-{evt!.Id}")!.ParentElement!;
        var image = review.QuerySelector("img");
        Assert.NotNull(image);
        Assert.Equal("Fem mennesker går langs søen", image.GetAttribute("alt"));
        Assert.Contains(evt.Details.ImageId!.Value.ToString(), image.GetAttribute("src"));
        Assert.Contains("Fem mennesker går langs søen", review.QuerySelector("figcaption")?.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync(image.GetAttribute("src"))).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostWithImageAsync(HttpClient client, Dictionary<string, string> fields)
    {
        var page = await Html.ParseAsync(await client.GetAsync("/forening/arrangement"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }

        using var jpeg = Image.Black(800, 600, bands: 3) + 120;
        var file = new ByteArrayContent(jpeg.Cast(Enums.BandFormat.Uchar).JpegsaveBuffer());
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "image", "gaatur.jpg");
        return await client.PostAsync("/forening/arrangement", form);
    }
}
