using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Associations;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Mail;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Associations;

/// <summary>An association registers, confirms its address, signs in and posts an event for review.</summary>
public sealed class AssociationJourneyTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    [Fact]
    public async Task Register_confirm_sign_in_and_send_an_event_for_review()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var dashboard = await client.GetStringAsync("/forening");
        Assert.Contains("venter på at blive godkendt", dashboard);

        var title = Portal.Unique("Strikkecafé");
        var posted = await Forms.PostAsync(client, "/forening/arrangement", Portal.EventFields(title));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var evt = await App.With(services => services.GetRequiredService<CampaignDb>().Events.SingleAsync(e => e.Details.Title == title));
        Assert.Equal(EventStatus.Pending, evt.Status);
        Assert.Equal(175, evt.Details.MunicipalityCode);
        Assert.Equal("Rødovre", evt.Details.City);
        Assert.Contains(title, await client.GetStringAsync("/forening"));
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync($"/arrangementer/{evt.Slug}")).StatusCode);
    }

    [Fact]
    public async Task A_bad_event_keeps_what_was_typed_and_explains_in_danish()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        var fields = Portal.EventFields("Gåtur med for lidt tid");
        fields["Form.EndTime"] = "09:00";
        fields["Form.PostalCode"] = "0000";

        var response = await Forms.PostAsync(client, "/forening/arrangement", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Skriv et gyldigt dansk postnummer", html);
        Assert.Contains("value=\"Gåtur med for lidt tid\"", html);
        Assert.Contains("Vi strikker og drikker kaffe.", html);
    }

    [Fact]
    public async Task Members_reach_only_their_own_associations_events()
    {
        var (alice, _) = await App.RegisterAndSignInAsync();
        var (bob, _) = await App.RegisterAndSignInAsync();
        var title = Portal.Unique("Alices gåtur");
        await Forms.PostAsync(alice, "/forening/arrangement", Portal.EventFields(title));
        var id = await App.With(services => services.GetRequiredService<CampaignDb>().Events.Where(e => e.Details.Title == title).Select(e => e.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/forening/arrangement/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/forening/arrangement/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/forening/arrangement?kopi={id}")).StatusCode);
        Assert.DoesNotContain(title, await bob.GetStringAsync("/forening"));

        var anonymous = await App.Client().GetAsync($"/forening/arrangement/{id}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/forening/log-ind", anonymous.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Registering_an_address_twice_reveals_nothing_and_tells_the_owner()
    {
        var (_, email) = await App.RegisterAndSignInAsync();

        var again = await Forms.PostAsync(App.Client(), "/forening/opret", Portal.Registration(email, Portal.Unique("Anden forening")));

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/forening/tjek-din-mail", again.Headers.Location?.OriginalString);
        var subjects = await App.With(services => services.GetRequiredService<CampaignDb>().Set<OutboxMessage>().Where(m => m.ToAddress == email).Select(m => m.Subject).ToListAsync());
        Assert.Contains("Du har allerede en profil", subjects);
    }

    [Theory]
    [InlineData("Form.Password", "kort", "mindst 12 tegn")]
    [InlineData("Form.Password", "password1234", "for nem at gætte")]
    [InlineData("Form.Cvr", "12345678", "CVR-nummeret er ikke gyldigt")]
    [InlineData("Form.Email", "ikke-en-mail", "gyldig e-mailadresse")]
    public async Task Registration_checks_each_field_with_a_danish_message(string field, string value, string message)
    {
        var fields = Portal.Registration(Portal.Unique("x") + "@example.org", Portal.Unique("Forening"));
        fields[field] = value;

        var response = await Forms.PostAsync(App.Client(), "/forening/opret", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_filled_honeypot_is_refused()
    {
        var fields = Portal.Registration(Portal.Unique("bot") + "@example.org", "Bot-forening");
        fields[FormGuard.HoneypotField] = "https://spam.example";

        var response = await Forms.PostAsync(App.Client(), "/forening/opret", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await App.With(services => services.GetRequiredService<CampaignDb>().Associations.CountAsync(a => a.Name == "Bot-forening")));
    }

    [Fact]
    public async Task Sign_in_answers_the_same_for_unknown_and_wrong_passwords()
    {
        var (_, email) = await App.RegisterAndSignInAsync();

        var wrong = await Forms.PostAsync(App.Client(), "/forening/log-ind", [new("Email", email), new("Password", "forkert forkert forkert")]);
        var unknown = await Forms.PostAsync(App.Client(), "/forening/log-ind", [new("Email", "ingen@example.org"), new("Password", "forkert forkert forkert")]);

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("E-mail eller adgangskode er forkert.", await wrong.Content.ReadAsStringAsync());
        Assert.Contains("E-mail eller adgangskode er forkert.", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Too_many_sign_in_attempts_get_429_with_a_danish_page()
    {
        await using var strict = new CampaignApp().With("Abuse:SignInPermitsPerMinute", "3");
        var client = strict.Client();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await Forms.PostAsync(client, "/forening/log-ind", [new("Email", "ingen@example.org"), new("Password", "forkert forkert forkert")]);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.Contains("For mange forsøg", await last.Content.ReadAsStringAsync());
        Assert.Empty(strict.Errors);
    }

    [Theory]
    [InlineData(12345678, false)]
    [InlineData(10150817, true)]
    [InlineData(25313763, true)]
    public void Cvr_numbers_follow_the_modulus_11_rule(int cvr, bool valid) =>
        Assert.Equal(valid, CvrNumber.IsValid(cvr.ToString()));
}
