using System.Net.Mail;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Campaign.Web.Features.Newsletter;

/// <summary>
/// The signup form's fields, as the /nyhedsbrev page and the newsletterSignup block post them. Everything is bound as
/// text and checked here, so every message is Danish and nothing typed is lost when something must be fixed.
/// </summary>
public sealed class SignupForm
{
    public const string DefaultSource = "/nyhedsbrev";

    public string? Email { get; set; }
    public string? Name { get; set; }
    public List<string> Interests { get; set; } = [];
    public string? MunicipalityCode { get; set; }

    /// <summary>The path of the page the form was on.</summary>
    public string? Source { get; set; }

    /// <summary>The consent wording the form showed (a cached page may show an older one than the current).</summary>
    public string? ConsentVersion { get; set; }

    public NewsletterInterests ChosenInterests => Newsletter.Interests.Parse(Interests);

    public int? Municipality => ParseMunicipality(MunicipalityCode);

    public string NormalizedEmail => Subscriber.NormalizeEmail(Email ?? "");

    public ConsentText Consent => ConsentTexts.Find(ConsentVersion) ?? ConsentTexts.Current;

    /// <summary>A site path to record as the source; anything else (another site, a made-up value) counts as /nyhedsbrev.</summary>
    public string SourcePage => IsSitePath(Source) ? Source! : DefaultSource;

    /// <summary>Adds a Danish message per field that must be fixed, under "{prefix}.{Field}".</summary>
    public void Validate(ModelStateDictionary state, string prefix)
    {
        if (!IsEmail(NormalizedEmail))
        {
            state.AddModelError($"{prefix}.{nameof(Email)}", "Skriv din e-mailadresse, fx navn@eksempel.dk.");
        }

        ValidateChoices(state, prefix, Name, ChosenInterests, MunicipalityCode);
    }

    /// <summary>The checks the own page shares: name, at least one topic, and a municipality for local events.</summary>
    public static void ValidateChoices(ModelStateDictionary state, string prefix, string? name, NewsletterInterests interests, string? municipalityCode)
    {
        if (name is { } n && (n.Trim().Length > Subscriber.NameMaxLength || n.Any(char.IsControl)))
        {
            state.AddModelError($"{prefix}.{nameof(Name)}", $"Navnet må højst være {Subscriber.NameMaxLength} tegn på én linje.");
        }

        if (interests == NewsletterInterests.None)
        {
            state.AddModelError($"{prefix}.{nameof(Interests)}", "Vælg mindst ét emne, du vil have nyt om.");
        }

        if (interests.HasFlag(NewsletterInterests.LocalEvents) && ParseMunicipality(municipalityCode) is null)
        {
            state.AddModelError($"{prefix}.{nameof(MunicipalityCode)}", "Vælg din kommune, så vi kan fortælle dig om arrangementer i nærheden.");
        }
    }

    /// <summary>A municipality code that exists, or null.</summary>
    public static int? ParseMunicipality(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
        && Places.Geography.Denmark.Municipality(code) is not null ? code : null;

    /// <summary>A plain address the outbox accepts as it is: no display name, no spaces, at most 254 characters.</summary>
    public static bool IsEmail(string email) =>
        email.Length is > 0 and <= Subscriber.EmailMaxLength
        && MailAddress.TryCreate(email, out var address)
        && address.Address == email
        && address.Host.Contains('.', StringComparison.Ordinal);

    private static bool IsSitePath(string? path) =>
        path is { Length: > 0 and <= ConsentRecord.SourcePageMaxLength }
        && path[0] == '/' && !path.StartsWith("//", StringComparison.Ordinal)
        && path.All(c => c > ' ' && c < 127 && c != '\\');
}

/// <summary>What the signup form partial shows: the values, the messages, and ids unique on the page.</summary>
public sealed record SignupFormView(SignupForm Form, string IdPrefix, string Source, IReadOnlyDictionary<string, string> Errors, string? FormError = null)
{
    public static SignupFormView From(SignupForm form, string idPrefix, string source, ModelStateDictionary? state, string? formError = null) => new(
        form, idPrefix, source,
        state?.Where(e => e.Value!.Errors.Count > 0)
            .ToDictionary(e => e.Key.Split('.')[^1], e => e.Value!.Errors[0].ErrorMessage) ?? new Dictionary<string, string>(),
        formError);

    public string Id(string field) => $"{IdPrefix}-{field}";

    public string? Error(string field) => Errors.GetValueOrDefault(field);
}
