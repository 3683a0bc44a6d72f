using Campaign.Web.Content;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.BackOffice.Shell;

/// <summary>
/// /redaktion/indhold/{id}/flyt: move a page under another, at a chosen place, or one place up or down. The keyboard's
/// way to do what dragging in the tree does (the tree posts here too, asking for JSON). Only the pages whose type
/// allows this page's type are offered, never the page itself or a page below it; the server checks both again.
/// </summary>
[Authorize(Policy = AuthSetup.PublisherPolicy)]
public sealed class MovePageModel(ContentOutline outline, ContentCommands commands) : PageModel, IPageMeta
{
    public ContentOutline.Item Node { get; private set; } = null!;
    public IReadOnlyList<(ContentOutline.Item Page, int Depth)> Targets { get; private set; } = [];
    public ILookup<Guid?, ContentOutline.Item> Children { get; private set; } = null!;
    public string? Error { get; private set; }

    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    public string Title => $"Flyt: {Node.Name}";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Indhold", "/redaktion/indhold"), new(Node.Name, $"/redaktion/indhold/{Node.Id}"), new("Flyt", Request.Path)];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, string? parentId, string? index, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!Guid.TryParse(parentId, out var parent))
        {
            return Refused("Vælg den side, siden skal ligge under.");
        }

        var place = int.MaxValue;
        if (!string.IsNullOrWhiteSpace(index) && !int.TryParse(index, out place))
        {
            return Refused("Vælg siden placering på listen.");
        }

        try
        {
            var node = await commands.PlaceAsync(id, parent, Math.Max(0, place), User.Identity!.Name!, ct);
            return Done($"\"{node.Name}\" er flyttet.{(node.IsPublished ? " Gamle adresser sender videre til den nye." : "")}", $"/redaktion/indhold/{id}");
        }
        catch (ContentException e)
        {
            return Refused(e.Message);
        }
    }

    public Task<IActionResult> OnPostUpAsync(Guid id, CancellationToken ct) => ShiftAsync(id, -1, ct);

    public Task<IActionResult> OnPostDownAsync(Guid id, CancellationToken ct) => ShiftAsync(id, +1, ct);

    private async Task<IActionResult> ShiftAsync(Guid id, int delta, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        try
        {
            var node = await commands.ShiftAsync(id, delta, User.Identity!.Name!, ct);
            return Done($"\"{node.Name}\" er flyttet {(delta < 0 ? "op" : "ned")}.", $"/redaktion/indhold?aaben={node.ParentId}#sortering");
        }
        catch (ContentException e)
        {
            return Refused(e.Message);
        }
    }

    private bool WantsJson => Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    private IActionResult Done(string message, string back)
    {
        if (WantsJson)
        {
            return new JsonResult(new { message });
        }

        Message = message;
        return Redirect(back);
    }

    private IActionResult Refused(string message)
    {
        if (WantsJson)
        {
            return new JsonResult(new { message }) { StatusCode = StatusCodes.Status400BadRequest };
        }

        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await outline.FindAsync(id, ct) is not { ParentId: not null } node)
        {
            return false;
        }

        Node = node;
        var items = await outline.ItemsAsync(ct);
        Children = items.ToLookup(i => i.ParentId);
        var targets = new List<(ContentOutline.Item, int)>();
        void Walk(Guid? parent, int depth)
        {
            foreach (var item in Children[parent].Where(i => i.Id != id))
            {
                if (item.Type.AllowedChildren.Contains(node.ContentType))
                {
                    targets.Add((item, depth));
                }

                Walk(item.Id, depth + 1);
            }
        }

        Walk(null, 0);
        Targets = targets;
        return true;
    }
}
