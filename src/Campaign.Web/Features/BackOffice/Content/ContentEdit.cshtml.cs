using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Media;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Content;

/// <summary>
/// /redaktion/indhold/{id}: edit a page's name, properties and blocks; save a draft without touching the live
/// page, preview it, publish or unpublish. A save based on an older revision is refused with who changed it.
/// Works without JavaScript: moving, adding and removing blocks is a round trip that keeps what was typed.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class ContentEditModel(CampaignDb db, ContentService content, ContentCommands commands, PublishedContentCache cache, IAuthorizationService authorization, TimeProvider clock) : PageModel, IPageMeta
{
    public ContentNode Node { get; private set; } = null!;
    public ContentType Type { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public ContentData Data { get; private set; } = new();
    public int Revision { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>The heading over <see cref="Errors"/>: what happened, so an editor knows whether anything was saved.</summary>
    public string ErrorHeading { get; private set; } = "Ret venligst følgende";
    public string? Conflict { get; private set; }
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    /// <summary>A notice for the page shown by this very request (not after a redirect), such as a copied block.</summary>
    public string? StatusNow { get; private set; }

    public IReadOnlyList<Scheduling.ScheduledAction> Schedule { get; private set; } = [];

    /// <summary>The other pages a block may be copied to, by name; loaded with the schedule.</summary>
    public IReadOnlyList<(Guid Id, string Name)> CopyTargets { get; private set; } = [];

    /// <summary>Where the page may be moved: pages whose type allows this page's type below it.</summary>
    public IReadOnlyList<PublishedPage> MoveTargets => cache.Current.Pages
        .Where(p => p.Id != Node.Id && p.Type.AllowedChildren.Contains(Node.ContentType) && !p.Path.Any(a => a.Id == Node.Id)).ToList();

    /// <summary>Whether this person passes the publisher policy; set before every handler runs.</summary>
    public bool MayPublish { get; private set; }
    public string? LiveUrl => cache.Current.FindById(Node.Id)?.Url;

    public string Title => $"Rediger: {Name}";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Indhold", "/redaktion/indhold"), new(Name, Request.Path)];

    private string Editor => User.Identity!.Name!;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        MayPublish = (await authorization.AuthorizeAsync(User, AuthSetup.PublisherPolicy)).Succeeded;
        if (context.HandlerMethod is null)
        {
            // A button this page does not have (?handler=…): refuse it rather than render a page with nothing loaded.
            context.Result = BadRequest();
            return;
        }

        await next();
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } node)
        {
            return NotFound();
        }

        Show(node, node.Current?.Name ?? node.Name, node.Current?.ReadData() ?? new ContentData(), node.Revision);
        await LoadScheduleAsync(id, ct);
        return Page();
    }

    /// <summary>Publish or unpublish at a Copenhagen date and time; what the draft holds then is what goes live.</summary>
    public async Task<IActionResult> OnPostScheduleAsync(Guid id, string? dato, string? tid, string? handling, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } node)
        {
            return NotFound();
        }

        if (!MayPublish)
        {
            return Forbid();
        }

        var kind = handling == "afpubliser" ? Scheduling.ScheduledKind.Unpublish : Scheduling.ScheduledKind.Publish;
        if (Shared.DanishDate.Parse(dato, clock, out var dateError) is not { } day
            || !TimeOnly.TryParseExact(tid, ["HH:mm", "H:mm"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time))
        {
            Message = dateError ?? "Skriv dato og klokkeslæt for den planlagte udgivelse, fx 2026-12-01 og 20:45.";
            return Redirect($"/redaktion/indhold/{id}");
        }

        if (Features.Events.CopenhagenTime.ToUtc(day, time) is not { } at)
        {
            Message = "Det klokkeslæt findes ikke den dag, fordi uret stilles en time frem. Vælg et andet.";
            return Redirect($"/redaktion/indhold/{id}");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            db.ScheduledActions.Add(Scheduling.ScheduledAction.For(id, kind, at, Editor, now));
        }
        catch (ContentRuleException e)
        {
            Message = e.Message;
            return Redirect($"/redaktion/indhold/{id}");
        }

        db.Record(Editor, kind == Scheduling.ScheduledKind.Publish ? "Planlagde udgivelse" : "Planlagde afpublicering", "Side", id, now, $"{day:yyyy-MM-dd} {time:HH\\:mm}");
        await db.SaveChangesAsync(ct);
        Message = $"{(kind == Scheduling.ScheduledKind.Publish ? "Udgivelse" : "Afpublicering")} er planlagt til {day.ToString("d. MMMM yyyy", Danish.Culture)} kl. {time:HH\\.mm}.";
        if (kind == Scheduling.ScheduledKind.Publish && node.Current is { } current
            && ContentTypes.Get(node.ContentType).Validate(current.ReadData()).ToList() is { Count: > 0 } problems)
        {
            // Planning is allowed (the draft may be finished in time), but the editor should know now, not afterwards.
            Message += " Bemærk: som kladden er nu, kan den ikke udgives: " + string.Join(" ", problems);
        }

        return Redirect($"/redaktion/indhold/{id}");
    }

    public async Task<IActionResult> OnPostCancelScheduleAsync(Guid id, Guid actionId, CancellationToken ct)
    {
        if (!MayPublish)
        {
            return Forbid();
        }

        var action = await db.ScheduledActions.SingleOrDefaultAsync(a => a.Id == actionId && a.NodeId == id && a.DoneAt == null, ct);
        if (action is null)
        {
            return NotFound();
        }

        db.ScheduledActions.Remove(action);
        db.Record(Editor, "Annullerede planlagt handling", "Side", id, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        Message = "Den planlagte handling er annulleret.";
        return Redirect($"/redaktion/indhold/{id}");
    }

    /// <summary>"Gem kladde": never touches the live page.</summary>
    public Task<IActionResult> OnPostSaveAsync(Guid id, CancellationToken ct) => EditAsync(id, async (name, data, revision) =>
    {
        var (node, changed) = await commands.SaveDraftAsync(id, revision, name, data, Editor, ct);
        Message = !changed ? "Der var ingen ændringer at gemme."
            : node.IsPublished ? "Kladden er gemt. Den offentlige side er uændret, indtil du udgiver." : "Kladden er gemt.";
        return Redirect($"/redaktion/indhold/{id}");
    }, ct);

    /// <summary>"Gem og udgiv". When the draft may be saved but not published, it is saved and the page says so.</summary>
    public Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct) => EditAsync(id, async (name, data, revision) =>
    {
        if (!MayPublish)
        {
            return Forbid();
        }

        var result = await commands.SaveAndPublishAsync(id, revision, name, data, Editor, ct);
        if (result.Outcome == PublishOutcome.SavedNotPublished)
        {
            // The draft is stored: the form goes on from the new revision, and the editor learns both facts.
            Show(result.Node, name, data, result.Node.Revision);
            await LoadScheduleAsync(id, ct);
            ErrorHeading = "Kladden er gemt, men siden er ikke udgivet";
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Message = result.Outcome == PublishOutcome.AlreadyLive ? "Siden er allerede udgivet, og der var ingen ændringer." : "Siden er udgivet.";
        return Redirect($"/redaktion/indhold/{id}");
    }, ct);

    public async Task<IActionResult> OnPostUnpublishAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } node)
        {
            return NotFound();
        }

        if (!MayPublish)
        {
            return Forbid();
        }

        return await RefusedOrAsync(node, async () =>
        {
            await commands.UnpublishAsync(id, Editor, ct: ct);
            Message = "Siden er ikke længere offentlig. Indholdet er gemt som kladde.";
            return Redirect($"/redaktion/indhold/{id}");
        }, ct);
    }

    public async Task<IActionResult> OnPostTrashAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } node)
        {
            return NotFound();
        }

        if (!MayPublish)
        {
            return Forbid();
        }

        return await RefusedOrAsync(node, async () =>
        {
            await commands.TrashAsync(id, Editor, ct);
            Message = $"\"{node.Name}\" er lagt i papirkurven. Du kan gendanne den under Værktøjer.";
            return Redirect("/redaktion/indhold");
        }, ct);
    }

    /// <summary>Moves the page under another; a published page keeps 301s from its old addresses.</summary>
    public async Task<IActionResult> OnPostMoveAsync(Guid id, string? newParentId, string? newSortOrder, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } node)
        {
            return NotFound();
        }

        if (!MayPublish)
        {
            return Forbid();
        }

        if (!Guid.TryParse(newParentId, out var parent))
        {
            return await RefusedAsync(node, "Vælg den side, siden skal ligge under.", ct);
        }

        var order = node.SortOrder;
        if (!string.IsNullOrWhiteSpace(newSortOrder) && !int.TryParse(newSortOrder, out order))
        {
            return await RefusedAsync(node, "Skriv placeringen som et helt tal, fx 0 for først.", ct);
        }

        return await RefusedOrAsync(node, async () =>
        {
            await commands.MoveAsync(id, parent, Math.Clamp(order, 0, 10_000), Editor, ct);
            Message = "Siden er flyttet. Gamle adresser sender videre til den nye.";
            return Redirect($"/redaktion/indhold/{id}");
        }, ct);
    }

    public async Task<IActionResult> OnPostCopyAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } node)
        {
            return NotFound();
        }

        if (!MayPublish)
        {
            return Forbid();
        }

        return await RefusedOrAsync(node, async () =>
        {
            var copy = await commands.CopyAsync(id, Editor, ct);
            Message = "Kopien er oprettet som kladde.";
            return Redirect($"/redaktion/indhold/{copy.Id}");
        }, ct);
    }

    /// <summary>
    /// "Kopiér": adds the block, as it stands in the form, to the end of another page's draft. This page's form is shown
    /// again as typed and is not saved; the other page's live version is untouched until someone publishes it.
    /// </summary>
    public async Task<IActionResult> OnPostCopyBlockAsync(Guid id, string? action, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } node)
        {
            return NotFound();
        }

        Node = node;
        var (name, data, revision) = ReadForm(ContentTypes.Get(node.ContentType));
        Show(node, name, data, revision);
        await LoadScheduleAsync(id, ct);
        var parts = (action ?? "").Split(':');
        if (parts is not ["kopier", var number] || !int.TryParse(number, out var index) || index < 0 || index >= data.Blocks.Count)
        {
            return await ShowRefusalAsync(new ContentRuleException("Vælg den blok, du vil kopiere."), ct);
        }

        if (!Guid.TryParse(Request.Form[$"Blocks[{index}].copyTo"], out var targetId) || targetId == id || await FindAsync(targetId, ct) is not { } target)
        {
            return await ShowRefusalAsync(new ContentRuleException("Vælg den side, blokken skal kopieres til."), ct);
        }

        var block = data.Blocks[index];
        try
        {
            var targetData = target.Current?.ReadData() ?? new ContentData();
            targetData.Blocks.Add(block);
            await commands.SaveDraftAsync(target.Id, target.Revision, target.Current?.Name ?? target.Name, targetData, Editor, ct);
        }
        catch (ContentException e)
        {
            return await ShowRefusalAsync(new ContentRuleException($"Blokken kunne ikke kopieres til \"{target.Name}\": {e.Message}"), ct);
        }

        StatusNow = $"Blok {index + 1} ({block.BlockName()}) er kopieret til kladden af \"{target.Name}\". Denne side er ikke gemt.";
        return Page();
    }

    /// <summary>
    /// The form without a named handler: the round trips of the block editor (move, remove, add), which keep what was
    /// typed and save nothing. Anything else is refused; a post never saves by default.
    /// </summary>
    public async Task<IActionResult> OnPostAsync(Guid id, string? action, string? newBlock, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } node)
        {
            return NotFound();
        }

        Node = node;
        var type = ContentTypes.Get(node.ContentType);
        var (name, data, revision) = ReadForm(type);
        Show(node, name, data, revision);
        await LoadScheduleAsync(id, ct);
        if (BlockEditor.Apply(action, newBlock, data.Blocks))
        {
            return Page();
        }

        Errors = ["Det, du bad om, kunne siden ikke forstå, så intet er gemt. Dine ændringer står stadig herunder; brug knapperne nederst."];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Reads the edit form and runs one command with it; a refusal shows the form again as typed, with why.</summary>
    private async Task<IActionResult> EditAsync(Guid id, Func<string, ContentData, int, Task<IActionResult>> command, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } node)
        {
            return NotFound();
        }

        Node = node;
        var (name, data, revision) = ReadForm(ContentTypes.Get(node.ContentType));
        if (node.Current is { } stored)
        {
            BlockEditor.KeepUnchanged(data.Blocks, stored.ReadData().Blocks);
        }

        Show(node, name, data, revision);
        try
        {
            await db.CompleteAsync(data.Blocks, ct);
            return await command(name, data, revision);
        }
        catch (ContentException e)
        {
            return await ShowRefusalAsync(e, ct);
        }
    }

    /// <summary>Runs an action on the page as it is stored (no form to keep); a refusal shows the page with why.</summary>
    private async Task<IActionResult> RefusedOrAsync(ContentNode node, Func<Task<IActionResult>> command, CancellationToken ct)
    {
        Show(node, node.Current?.Name ?? node.Name, node.Current?.ReadData() ?? new ContentData(), node.Revision);
        try
        {
            return await command();
        }
        catch (ContentException e)
        {
            return await ShowRefusalAsync(e, ct);
        }
    }

    private async Task<IActionResult> RefusedAsync(ContentNode node, string message, CancellationToken ct)
    {
        Show(node, node.Current?.Name ?? node.Name, node.Current?.ReadData() ?? new ContentData(), node.Revision);
        return await ShowRefusalAsync(new ContentRuleException(message), ct);
    }

    private async Task<IActionResult> ShowRefusalAsync(ContentException refusal, CancellationToken ct)
    {
        switch (refusal)
        {
            case ContentConflictException conflict:
                Conflict = conflict.Message;
                break;
            case ContentValidationException invalid:
                Errors = invalid.Errors;
                break;
            default:
                Errors = [refusal.Message];
                break;
        }

        await LoadScheduleAsync(Node.Id, ct);
        Response.StatusCode = Conflict is null ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task LoadScheduleAsync(Guid id, CancellationToken ct)
    {
        Schedule = await db.ScheduledActions.AsNoTracking().Where(a => a.NodeId == id && (a.DoneAt == null || a.Status == Scheduling.ScheduledStatus.Failed))
            .OrderBy(a => a.AtUtc).ToListAsync(ct);
        var others = await db.ContentNodes.AsNoTracking().Where(n => n.Id != id && !n.IsTrashed).Select(n => new { n.Id, n.Name }).ToListAsync(ct);
        CopyTargets = others.OrderBy(n => n.Name, StringComparer.Create(Danish.Culture, ignoreCase: true)).Select(n => (n.Id, n.Name)).ToList();
    }

    private void Show(ContentNode node, string name, ContentData data, int revision) =>
        (Node, Type, Name, Data, Revision) = (node, ContentTypes.Get(node.ContentType), name, data, revision);

    private async Task<ContentNode?> FindAsync(Guid id, CancellationToken ct)
    {
        try
        {
            var node = await content.LoadAsync(id, ct);
            return node.IsTrashed ? null : node;
        }
        catch (ContentNotFoundException)
        {
            return null;
        }
    }

    private (string Name, ContentData Data, int Revision) ReadForm(ContentType type) => ContentForm.Read(Request.Form, type, Node?.Name ?? "");
}
