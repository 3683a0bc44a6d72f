using System.Text;
using System.Text.Encodings.Web;
using DiffPlex;
using Microsoft.AspNetCore.Html;
using DiffPlex.Chunkers;

namespace Campaign.Web.Features.BackOffice.Content;

public enum WordChange
{
    Same,
    Removed,
    Added,
}

/// <summary>One run of words in a comparison, with whether it was removed from the older text, added in the newer, or kept.</summary>
public sealed record WordRun(string Text, WordChange Change);

/// <summary>
/// A word-level comparison of two texts (DiffPlex), so an editor sees which words changed in a long text rather than
/// the whole text twice. <see cref="Before"/> and <see cref="After"/> each read as their full text.
/// </summary>
public sealed record WordDiff(IReadOnlyList<WordRun> Before, IReadOnlyList<WordRun> After)
{
    private static readonly WordChunker Words = new();

    /// <summary>The runs as HTML in one piece (a Razor loop would put line breaks between words): removed words in &lt;del&gt;, added in &lt;ins&gt;.</summary>
    public static IHtmlContent Html(IReadOnlyList<WordRun> runs)
    {
        var html = new StringBuilder();
        foreach (var run in runs)
        {
            var text = HtmlEncoder.Default.Encode(run.Text);
            html.Append(run.Change switch
            {
                WordChange.Removed => $"<del>{text}</del>",
                WordChange.Added => $"<ins>{text}</ins>",
                _ => text,
            });
        }

        return new HtmlString(html.ToString());
    }

    public static WordDiff Between(string? before, string? after)
    {
        var result = Differ.Instance.CreateDiffs(before ?? "", after ?? "", false, false, Words);
        var left = new List<WordRun>();
        var right = new List<WordRun>();
        int a = 0, b = 0;
        foreach (var block in result.DiffBlocks)
        {
            Add(left, result.PiecesOld, a, block.DeleteStartA - a, WordChange.Same);
            Add(right, result.PiecesNew, b, block.InsertStartB - b, WordChange.Same);
            Add(left, result.PiecesOld, block.DeleteStartA, block.DeleteCountA, WordChange.Removed);
            Add(right, result.PiecesNew, block.InsertStartB, block.InsertCountB, WordChange.Added);
            a = block.DeleteStartA + block.DeleteCountA;
            b = block.InsertStartB + block.InsertCountB;
        }

        Add(left, result.PiecesOld, a, result.PiecesOld.Count - a, WordChange.Same);
        Add(right, result.PiecesNew, b, result.PiecesNew.Count - b, WordChange.Same);
        return new WordDiff(left, right);
    }

    /// <summary>Appends pieces as one run, merged with the previous run of the same kind.</summary>
    private static void Add(List<WordRun> runs, IReadOnlyList<string> pieces, int start, int count, WordChange change)
    {
        if (count <= 0)
        {
            return;
        }

        var text = string.Concat(pieces.Skip(start).Take(count));
        if (runs.Count > 0 && runs[^1].Change == change)
        {
            runs[^1] = runs[^1] with { Text = runs[^1].Text + text };
        }
        else
        {
            runs.Add(new WordRun(text, change));
        }
    }
}
