using Campaign.Web.Shared;

namespace Campaign.Tests.Events;

/// <summary>The one date parser the event form, the listing filters, scheduling and the audit log share.</summary>
public sealed class DanishDateTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    [Theory]
    [InlineData("2026-03-14")]
    [InlineData("14-03-2026")]
    [InlineData("14.03.2026")]
    [InlineData("14/3/2026")]
    [InlineData(" 14-3-2026 ")]
    [InlineData("14. 3. 2026")]
    public void Reads_iso_and_danish_day_first_dates(string text)
    {
        Assert.Equal(new DateOnly(2026, 3, 14), DanishDate.Parse(text, Today, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("31-12-9999")]
    [InlineData("1-1-0001")]
    [InlineData("1999-12-31")]
    [InlineData("2032-01-01")]
    public void Years_outside_2000_to_five_years_ahead_get_a_danish_message(string text)
    {
        Assert.Null(DanishDate.Parse(text, Today, out var error));
        Assert.Equal($"Vælg en dato mellem år 2000 og 2031 (du skrev {text}).", error);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("2027-02-30")]
    [InlineData("03/14/2026")]
    public void Text_that_is_no_date_gets_a_danish_message(string text)
    {
        Assert.Null(DanishDate.Parse(text, Today, out var error));
        Assert.Equal($"Datoen \"{text}\" kunne ikke forstås. Skriv den som 2026-03-14.", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Blank_is_no_date_and_no_error(string? text)
    {
        Assert.Null(DanishDate.Parse(text, Today, out var error));
        Assert.Null(error);
    }
}
