using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.BackOffice.Content;

/// <summary>/redaktion/indhold/{id}/versioner: every save with who and when; compare two, or roll back to one (as a new draft).</summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class VersionsModel(CampaignDb db, ContentService content, ContentCommands commands) : PageModel, IPageMeta
{
    public sealed record Difference(string What, string? Before, string? After)
    {
        public WordDiff Words { get; } = WordDiff.Between(Before, After);
    }

    public ContentNode Node { get; private set; } = null!;
    public IReadOnlyList<ContentVersion> Versions { get; private set; } = [];
    public ContentVersion? Left { get; private set; }
    public ContentVersion? Right { get; private set; }
    public IReadOnlyList<Difference> Differences { get; private set; } = [];

    /// <summary>Why a rollback was refused (the page is in the recycle bin, someone else saved meanwhile, the old version breaks today's rules).</summary>
    public string? Error { get; private set; }

    public string Title => $"Versioner: {Node.Name}";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Indhold", "/redaktion/indhold"), new(Node.Name, $"/redaktion/indhold/{Node.Id}"), new("Versioner", Request.Path)];

    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null)
        {
            // A button this page does not have (?handler=…): refuse it rather than render a page with nothing loaded.
            context.Result = BadRequest();
            return Task.CompletedTask;
        }

        return next();
    }

    public async Task<IActionResult> OnGetAsync(Guid id, int? a, int? b, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Left = Versions.FirstOrDefault(v => v.Number == a);
        Right = Versions.FirstOrDefault(v => v.Number == b);
        if (Left is not null && Right is not null)
        {
            Differences = Compare(ContentTypes.Get(Node.ContentType), Left, Right);
        }

        return Page();
    }

    /// <summary>Version <paramref name="number"/> as a new draft. <paramref name="revision"/> is the page's revision when the list was shown.</summary>
    public async Task<IActionResult> OnPostRollbackAsync(Guid id, int number, int? revision, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Versions.FirstOrDefault(v => v.Number == number) is null)
        {
            return NotFound();
        }

        try
        {
            await commands.RollbackAsync(id, revision ?? Node.Revision, number, User.Identity!.Name!, ct);
        }
        catch (ContentException e)
        {
            // Show the versions as they are stored, not as the refused command left them in memory.
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            Error = e is ContentValidationException invalid
                ? $"Version {number} kan ikke gendannes, fordi den ikke overholder reglerne for siden i dag: {string.Join(" ", invalid.Errors)}"
                : e.Message;
            Response.StatusCode = e is ContentConflictException ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return Page();
        }

        TempData[StatusMessage.Key] = $"Version {number} er gendannet som en ny kladde. Den offentlige side er uændret, indtil du udgiver.";
        return Redirect($"/redaktion/indhold/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Node = await content.LoadAsync(id, ct);
        }
        catch (ContentNotFoundException)
        {
            return false;
        }

        Versions = Node.Versions.OrderByDescending(v => v.Number).ToList();
        return true;
    }

    /// <summary>Property by property, then block by block, what differs between two versions.</summary>
    private static IReadOnlyList<Difference> Compare(ContentType type, ContentVersion left, ContentVersion right)
    {
        var a = left.ReadData();
        var b = right.ReadData();
        var differences = new List<Difference>();
        if (left.Name != right.Name)
        {
            differences.Add(new("Navn", left.Name, right.Name));
        }

        // Fields in the order the edit form shows them, by their labels; a value from a list of choices by its label too.
        var properties = type.Properties.ToDictionary(p => p.Alias, StringComparer.Ordinal);
        var keys = type.Properties.Select(p => p.Alias).Concat(a.Properties.Keys.Union(b.Properties.Keys).Order().Where(k => !properties.ContainsKey(k)));
        foreach (var key in keys)
        {
            if (a.Get(key) != b.Get(key))
            {
                var property = properties.GetValueOrDefault(key);
                string? Show(string? value) => value is not null && property?.Choices?.GetValueOrDefault(value) is { } label ? label : value;
                differences.Add(new(property?.Label ?? key, Show(a.Get(key)), Show(b.Get(key))));
            }
        }

        for (var i = 0; i < Math.Max(a.Blocks.Count, b.Blocks.Count); i++)
        {
            var before = i < a.Blocks.Count ? a.Blocks[i] : null;
            var after = i < b.Blocks.Count ? b.Blocks[i] : null;
            if (before is not null && after is not null && before.GetType() == after.GetType())
            {
                // The same kind of block: field by field, under each field's label.
                var fieldsBefore = BlockEditor.Describe(before).ToDictionary(f => f.Label, f => f.Value);
                var fieldsAfter = BlockEditor.Describe(after).ToDictionary(f => f.Label, f => f.Value);
                foreach (var field in BlockTypes.Of(before.GetType()).Fields)
                {
                    var was = fieldsBefore.GetValueOrDefault(field.Label);
                    var now = fieldsAfter.GetValueOrDefault(field.Label);
                    if (was != now)
                    {
                        differences.Add(new($"Blok {i + 1}: {before.BlockName()} – {field.Label}", was, now));
                    }
                }
            }
            else if (before is not null || after is not null)
            {
                differences.Add(new($"Blok {i + 1}", before is null ? null : Describe(before), after is null ? null : Describe(after)));
            }
        }

        return differences;
    }

    private static string Describe(Block block) =>
        $"{block.BlockName()}: " + string.Join(" · ", BlockEditor.Describe(block).Select(f => $"{f.Label}: {f.Value}"));
}
