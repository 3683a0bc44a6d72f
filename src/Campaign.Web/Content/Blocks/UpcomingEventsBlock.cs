using System.Text.Json.Serialization;

namespace Campaign.Web.Content.Blocks;

/// <summary>
/// The next events in the reader's municipality. In a newsletter it is filled per recipient when the mail is queued
/// (<c>IssueRenderer</c>); on a web page, which knows no reader, it links to the calendar instead.
/// </summary>
/// <param name="Heading">Shown above the list; without one the mail says which municipality the events are in.</param>
/// <param name="Count">How many events, 1-10; 0 means <see cref="DefaultCount"/>.</param>
public sealed record UpcomingEventsBlock(string? Heading = null, int Count = 0) : Block
{
    public const int DefaultCount = 5;
    public const int MaxCount = 10;

    [JsonIgnore]
    public int EventCount => Count is > 0 and <= MaxCount ? Count : DefaultCount;

    public override string BlockName() => "Kommende arrangementer i modtagerens kommune";

    public override IEnumerable<string> Validate()
    {
        if (Heading is { Length: > 120 })
        {
            yield return "Overskriften må højst være 120 tegn.";
        }

        if (Count is < 0 or > MaxCount)
        {
            yield return $"Antallet af arrangementer skal være fra 1 til {MaxCount}.";
        }
    }
}
