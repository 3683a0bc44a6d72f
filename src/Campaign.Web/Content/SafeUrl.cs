namespace Campaign.Web.Content;

/// <summary>Which link targets content may carry: site paths, http(s), mailto and tel. Never javascript:, data: or the like.</summary>
public static class SafeUrl
{
    public static bool IsAllowed(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        var trimmed = url.Trim();
        if (trimmed.StartsWith('/') && !trimmed.StartsWith("//", StringComparison.Ordinal) && !trimmed.StartsWith("/\\", StringComparison.Ordinal))
        {
            return true;
        }

        if (trimmed.StartsWith('#'))
        {
            return true;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            && uri.Scheme is "https" or "http" or "mailto" or "tel";
    }
}
