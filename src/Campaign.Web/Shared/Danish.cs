using System.Globalization;

namespace Campaign.Web.Shared;

/// <summary>The Danish culture every page, feature and mail formats dates, numbers and sort orders with.</summary>
public static class Danish
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("da-DK");

    public static string Date(DateOnly date) => date.ToString("d. MMMM yyyy", Culture);

    public static string Date(DateTime date) => Date(DateOnly.FromDateTime(date));
}
