using Campaign.Web.Shared;

namespace Campaign.Web.Content;

/// <summary>
/// Why a content command was refused, in Danish, ready to show to the editor. Pages and the scheduler catch this one
/// type; anything else that escapes a command is a fault in the site, not in what the editor did.
/// </summary>
public abstract class ContentException(string message) : Exception(message);

/// <summary>A move the content rules do not allow (a type under a parent that does not take it, no draft to publish …).</summary>
public sealed class ContentRuleException(string message) : ContentException(message);

/// <summary>The page does not exist (or no longer does).</summary>
public sealed class ContentNotFoundException() : ContentException("Siden findes ikke.");

/// <summary>What the editor typed breaks the content type's rules; each error is a Danish sentence naming the field.</summary>
public sealed class ContentValidationException(IReadOnlyList<string> errors, bool publishing = false)
    : ContentException((publishing ? "Siden kan ikke udgives: " : "Siden kan ikke gemmes: ") + string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>Someone else changed the page after the editor opened it; saving would overwrite their work.</summary>
public sealed class ContentConflictException(string name, string by, DateTime at)
    : ContentException($"Siden \"{name}\" blev ændret af {by} {Features.Events.CopenhagenTime.ToLocal(at).ToString("d. MMMM 'kl.' HH.mm", Danish.Culture)}, mens du redigerede. Hent den nyeste udgave og prøv igen.")
{
    public string ChangedBy { get; } = by;
    public DateTime ChangedAt { get; } = at;
}
