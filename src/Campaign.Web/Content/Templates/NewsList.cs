namespace Campaign.Web.Content;

/// <summary>News articles for a list, newest first, with the heading level that fits where the list stands.</summary>
public sealed record NewsList(IReadOnlyList<PublishedPage> Articles, int HeadingLevel)
{
    public static NewsList Of(PublishedPage index, int headingLevel, int take = int.MaxValue) =>
        new(index.Children.OrderByDescending(a => a.Data.Get("date"), StringComparer.Ordinal).Take(take).ToList(), headingLevel);
}
