using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Search;

public static class SearchTypes
{
    public const string Page = "side";
    public const string News = "nyhed";
    public const string Series = "serie";
    public const string Event = "arrangement";

    public static readonly IReadOnlyList<(string Type, string Label)> All =
    [
        (Page, "Sider"),
        (News, "Nyheder"),
        (Series, "Arrangementsserier"),
        (Event, "Arrangementer"),
    ];

    public static string Label(string type) => All.FirstOrDefault(t => t.Type == type).Label ?? type;

    public static string Singular(string type) => type switch
    {
        Page => "Side",
        News => "Nyhed",
        Series => "Arrangementsserie",
        Event => "Arrangement",
        _ => type,
    };
}

/// <summary>
/// One searchable thing (a page, a news article, a series, an event) as the search sees it. Written through
/// EF on both providers; the full-text index beside it (FTS5 on SQLite, a tsvector on PostgreSQL) follows by trigger.
/// </summary>
public sealed class SearchDocument
{
    public long Id { get; private set; }
    public string Key { get; private set; } = "";
    public string Type { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Url { get; private set; } = "";

    /// <summary>The readable text, for snippets.</summary>
    public string Text { get; private set; } = "";

    /// <summary>Title and text as Danish search terms (<see cref="DanishText.Normalize"/>).</summary>
    public string TitleTerms { get; private set; } = "";

    public string Terms { get; private set; } = "";
    public DateTime UpdatedAt { get; private set; }

    public static SearchDocument For(string key) => new() { Key = key };

    public void Set(string type, string title, string url, string text, DateTime now)
    {
        Type = type;
        Title = title;
        Url = url;
        Text = text.Length > 6000 ? text[..6000] : text;
        TitleTerms = DanishText.Normalize(title);
        Terms = DanishText.Normalize(title + " " + Text);
        UpdatedAt = now;
    }
}

internal sealed class SearchDocumentConfiguration : IEntityTypeConfiguration<SearchDocument>
{
    public void Configure(EntityTypeBuilder<SearchDocument> doc)
    {
        doc.ToTable("SearchDocuments");
        doc.HasKey(d => d.Id);
        doc.Property(d => d.Key).HasMaxLength(80);
        doc.HasIndex(d => d.Key).IsUnique();
        doc.Property(d => d.Type).HasMaxLength(20);
        doc.Property(d => d.Title).HasMaxLength(200);
        doc.Property(d => d.Url).HasMaxLength(400);
        doc.HasIndex(d => d.Type);
    }
}
