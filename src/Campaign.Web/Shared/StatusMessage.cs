namespace Campaign.Web.Shared;

/// <summary>
/// The one TempData key for the line a page shows after a redirect ("Siden er gemt."), so a page that redirects
/// to another feature's page is heard there too.
/// </summary>
public static class StatusMessage
{
    public const string Key = "Message";
}
