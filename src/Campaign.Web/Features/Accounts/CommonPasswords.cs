using Microsoft.AspNetCore.Identity;

namespace Campaign.Web.Features.Accounts;

/// <summary>
/// Refuses passwords that appear on lists of the most used ones (Danish favourites included), also with
/// digits or signs added at the end, which is how most people lengthen a password to meet a minimum.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<CampaignUser>
{
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passw0rd", "kodeord", "adgangskode", "hemmelig", "hemmeligt", "sommer", "vinter", "foraar", "efteraar",
        "sommerfugl", "solskin", "kaerlighed", "danmark", "denmark", "kobenhavn", "koebenhavn", "aarhus", "odense", "aalborg",
        "qwerty", "qwertyuiop", "qwertyuiopå", "asdfgh", "asdfghjkl", "zxcvbnm", "azerty", "abc", "abcdef", "abcdefgh",
        "letmein", "welcome", "velkommen", "iloveyou", "jegelskerdig", "admin", "administrator", "login", "master", "monkey",
        "dragon", "football", "fodbold", "baseball", "superman", "batman", "princess", "prinsesse", "sunshine", "shadow",
        "michael", "jennifer", "jesper", "mikkel", "kasper", "mathias", "frederik", "sofie", "emma", "ida", "anna", "laura",
        "trustno1", "starwars", "whatever", "freedom", "hello", "hejsa", "hejmeddig", "test", "testtest", "changeme",
        "forening", "foreningen", "frivillig", "ensomhed", "fællesskab", "faellesskab", "kommune", "talomensomhed",
        "1234", "12345", "123456", "1234567", "12345678", "123456789", "1234567890", "123123", "111111", "000000",
        "654321", "987654321", "121212", "112233", "696969", "159753", "147258369", "0987654321", "11111111", "00000000",
        "passwordpassword", "qwerty123456", "abc123456789", "password123456", "iloveyou123", "1q2w3e4r5t6y", "1qaz2wsx3edc",
        "zaq12wsx", "q1w2e3r4t5y6", "aa123456", "a1b2c3d4", "football123", "summer2024", "sommer2024", "sommer2025", "sommer2026",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<CampaignUser> manager, CampaignUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var core = password.Trim().TrimEnd("0123456789!?.-_#*@ ".ToCharArray());
        var words = new[] { password, core };
        var personal = new[] { user.Email?.Split('@')[0], user.DisplayName?.Replace(" ", "", StringComparison.Ordinal) }
            .Where(p => p is { Length: >= 4 });
        if (words.Any(w => w.Length == 0 || Common.Contains(w)) || IsRepetitive(password)
            || personal.Any(p => password.Contains(p!, StringComparison.OrdinalIgnoreCase)))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "CommonPassword",
                Description = "Adgangskoden er for nem at gætte. Brug fx tre-fire tilfældige ord efter hinanden.",
            }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>"aaaaaaaaaaaa" or "abababababab": long but guessed at once.</summary>
    private static bool IsRepetitive(string password) => password.Distinct().Count() <= 3;
}

/// <summary>Identity's messages in Danish.</summary>
public sealed class DanishIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"Adgangskoden skal være mindst {length} tegn." };
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"Adgangskoden skal indeholde mindst {uniqueChars} forskellige tegn." };
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = "Der findes allerede en bruger med den e-mailadresse." };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = "Der findes allerede en bruger med den e-mailadresse." };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = "E-mailadressen er ikke gyldig." };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = "Linket er ugyldigt eller udløbet. Bed om et nyt." };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "Adgangskoden er forkert." };
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "Der skete en fejl. Prøv igen." };
}
