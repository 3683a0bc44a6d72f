namespace Campaign.Web.Features.Search;

public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>The folder of this node's index (resolved against the content root); each node keeps its own.</summary>
    public string IndexPath { get; set; } = "App_Data/search";

    /// <summary>How often changes are committed to disk; searches see them at once, a restart after a crash re-reads the rest.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a node compares its watermark with the database, in case a bus message was lost.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}
