using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Content;

/// <summary>
/// /redaktion/indhold/{id}: edit a page's name, properties and blocks; save a draft without touching the live
/// page, preview it, publish or unpublish. A save based on an older revision is refused with who changed it.
/// Works without JavaScript: moving, adding and removing blocks is a round trip that keeps what was typed.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class ContentEditModel(CampaignDb db, ContentService content, PublishedContentCache cache, TimeProvider clock) : PageModel, IPageMeta
{
    public ContentNode Node { get; private set; } = null!;
    public ContentType Type { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public ContentData Data { get; private set; } = new();
    public int Revision { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Conflict { get; private set; }
    [TempData] public string? Message { get; set; }

    public IReadOnlyList<Scheduling.ScheduledAction> Schedule { get; private set; } = [];

    /// <summary>Where the page may be moved: pages whose type allows this page's type below it.</summary>
    public IReadOnlyList<PublishedPage> MoveTargets => cache.Current.Pages
        .Where(p => p.Id != Node.Id && p.Type.AllowedChildren.Contains(Node.ContentType) && !p.Path.Any(a => a.Id == Node.Id)).ToList();

    public bool MayPublish => User.IsInRole(Roles.Editor) || User.IsInRole(Roles.Administrator);
    public string? LiveUrl => cache.Current.FindById(Node.Id)?.Url;

    public string Title => $"Rediger: {Name}";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Indhold", "/redaktion/indhold"), new(Name, Request.Path)];

    private string Editor => User.Identity!.Name!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } node)
        {
            return NotFound();
        }

        Show(node, node.Current?.Name ?? node.Name, node.Current?.ReadData() ?? new ContentData(), node.Revision);
        Schedule = await db.ScheduledActions.AsNoTracking().Where(a => a.NodeId == id && (a.DoneAt == null || a.Failure != null))
            .OrderBy(a => a.AtUtc).ToListAsync(ct);
        return Page();
    }

    /// <summary>Publish or unpublish at a Copenhagen date and time; what the draft holds then is what goes live.</summary>
    public async Task<IActionResult> OnPostScheduleAsync(Guid id, string? dato, string? tid, string? handling, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is null)
        {
            return NotFound();
        }

        if (!MayPublish)
        {
            return Forbid();
        }

        var kind = handling == "afpubliser" ? Scheduling.ScheduledKind.Unpublish : Scheduling.ScheduledKind.Publish;
        if (!DateOnly.TryParseExact(dato, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            || !TimeOnly.TryParseExact(tid, ["HH:mm", "H:mm"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
            || day.Year is < 2000 or > 2100)
        {
            Message = "Skriv dato og klokkeslæt for den planlagte udgivelse, fx 2026-12-01 og 20:45.";
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
        if (BlockEditor.Apply(action, newBlock, data.Blocks))
        {
            return Page();
        }

        var (verb, _) = Parse(action);
        switch (verb)
        {
            case "udgiv" or "afpubliser" or "slet" when !MayPublish:
                return Forbid();
            case "flyt" or "kopier" when !MayPublish:
                return Forbid();
            case "kopier":
                var copy = await content.CopyAsync(id, Editor, ct);
                db.Record(Editor, "Kopierede side", "Side", copy.Id, clock.GetUtcNow().UtcDateTime, copy.Name);
                await db.SaveChangesAsync(ct);
                TempData["Message"] = "Kopien er oprettet som kladde.";
                return Redirect($"/redaktion/indhold/{copy.Id}");
            case "flyt" when Guid.TryParse(Request.Form["NewParentId"], out var newParent):
                try
                {
                    await content.MoveAsync(id, newParent, int.TryParse(Request.Form["NewSortOrder"], out var order) ? Math.Clamp(order, 0, 10_000) : node.SortOrder, Editor, ct);
                }
                catch (ContentRuleException e)
                {
                    TempData["Message"] = e.Message;
                    return Redirect($"/redaktion/indhold/{id}");
                }

                db.Record(Editor, "Flyttede side", "Side", id, clock.GetUtcNow().UtcDateTime, node.Name);
                await db.SaveChangesAsync(ct);
                TempData["Message"] = "Siden er flyttet. Gamle adresser sender videre til den nye.";
                return Redirect($"/redaktion/indhold/{id}");
            case "slet":
                try
                {
                    await content.TrashAsync(id, Editor, ct);
                }
                catch (ContentRuleException e)
                {
                    Errors = [e.Message];
                    Response.StatusCode = StatusCodes.Status400BadRequest;
                    return Page();
                }

                db.Record(Editor, "Flyttede side til papirkurven", "Side", id, clock.GetUtcNow().UtcDateTime, node.Name);
                await db.SaveChangesAsync(ct);
                TempData["Message"] = $"\"{node.Name}\" er lagt i papirkurven. Du kan gendanne den under Værktøjer.";
                return Redirect("/redaktion/indhold");
        }

        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (verb == "afpubliser")
            {
                await content.UnpublishAsync(id, Editor, ct);
                db.Record(Editor, "Afpublicerede side", "Side", id, now, name);
                await db.SaveChangesAsync(ct);
                Message = "Siden er ikke længere offentlig. Indholdet er gemt som kladde.";
                return Redirect($"/redaktion/indhold/{id}");
            }

            var saved = await content.SaveDraftAsync(id, revision, name, data, Editor, ct);
            db.Record(Editor, "Gemte kladde", "Side", id, now, name);
            if (verb == "udgiv")
            {
                await content.PublishAsync(id, Editor, ct);
                db.Record(Editor, "Udgav side", "Side", id, now, name);
                Message = "Siden er udgivet.";
            }
            else
            {
                Message = saved.IsPublished ? "Kladden er gemt. Den offentlige side er uændret, indtil du udgiver." : "Kladden er gemt.";
            }

            await db.SaveChangesAsync(ct);
            return Redirect(verb == "vis" ? $"/redaktion/indhold/{id}/forhaandsvisning" : $"/redaktion/indhold/{id}");
        }
        catch (ContentConflictException e)
        {
            Conflict = e.Message;
        }
        catch (ContentValidationException e)
        {
            Errors = e.Errors;
        }
        catch (ContentRuleException e)
        {
            Errors = [e.Message];
        }

        Response.StatusCode = Conflict is null ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        return Page();
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
        catch (ContentRuleException)
        {
            return null;
        }
    }

    private (string Name, ContentData Data, int Revision) ReadForm(ContentType type)
    {
        var form = Request.Form;
        var data = new ContentData();
        foreach (var property in type.Properties)
        {
            if (form[$"Properties[{property.Alias}]"].ToString() is { Length: > 0 } value)
            {
                data.Properties[property.Alias] = value.Trim();
            }
        }

        data.Blocks.AddRange(BlockEditor.Read(form));

        var name = form["Name"].ToString().Trim();
        return (name.Length == 0 ? Node?.Name ?? "" : name, data, int.TryParse(form["Revision"], out var r) ? r : -1);
    }

    private static (string Verb, int Index) Parse(string? action)
    {
        var parts = (action ?? "gem").Split(':', 2);
        return (parts[0], parts.Length == 2 && int.TryParse(parts[1], out var i) ? i : -1);
    }
}
