using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Media;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Associations.Pages;

/// <summary>
/// /forening/arrangement/{id?}: create, edit or duplicate an event. What was typed is kept when something must be
/// fixed; a member only ever reaches their own association's events (anything else is 404).
/// </summary>
[Authorize(Policy = AuthSetup.AssociationPolicy)]
[EnableRateLimiting(AuthSetup.SubmitRateLimit)]
// Room for a photo a little over the 10 MB limit, so ImageUpload can say "too large" in Danish rather than the framework failing the request.
[RequestFormLimits(MultipartBodyLengthLimit = 20 * 1024 * 1024)]
[RequestSizeLimit(21 * 1024 * 1024)]
public sealed class EventFormModel(CampaignDb db, EventStore eventStore, EventMails mails, IImageProcessor images, PublishedContentCache content, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<MediaOptions> mediaOptions) : PageModel, IPageMeta
{
    [BindProperty] public EventInput Form { get; set; } = new();

    public Event? Existing { get; private set; }
    public Association Association { get; private set; } = null!;
    public IReadOnlyList<PublishedPage> Series => content.Current.Pages.Where(p => p.Type == ContentTypes.EventSeries).ToList();

    public string Title => Existing is null ? "Opret arrangement" : $"Rediger: {Existing.Details.Title}";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("For foreninger", "/forening"), new(Existing is null ? "Nyt arrangement" : "Rediger", Request.Path)];

    public async Task<IActionResult> OnGetAsync(Guid? id, Guid? kopi, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Existing is not null)
        {
            Form = EventInput.From(Existing.ProposedDetails ?? Existing.Details, Existing.Revision);
        }
        else if (kopi is { } copyId)
        {
            // Duplicating last year's march: everything but the date, which the organiser sets anew.
            var source = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == copyId && e.AssociationId == Association.Id, ct);
            if (source is null)
            {
                return NotFound();
            }

            Form = EventInput.From(source.Details, 0).AsCopy();
        }
        else
        {
            Form = EventInput.New(Association.Name);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, string? handling, IFormFile? image, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        // The form is validated before a photo is processed: a refused form stores nothing, so nobody can fill the
        // disk by posting photos with forms that never validate.
        var withPhoto = image is { Length: > 0 };
        ImageUpload? photo = null;
        if (withPhoto)
        {
            // Reading the type from the content is part of checking the form; storing and resizing come after.
            await using var upload = image!.OpenReadStream();
            photo = await ImageUpload.CheckAsync(upload, image.Length, ct);
            if (!photo.IsValid)
            {
                ModelState.AddModelError("Form.Image", photo.Error!);
            }
        }

        var errors = new Dictionary<string, string>();
        var context = new EventInputContext(CopenhagenTime.Today(clock), Association.MunicipalityCode, Existing?.Details, content.Current);
        var details = Form.ToDetails(context, errors);
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"Form.{field}", message);
        }

        if (details is not null && withPhoto && string.IsNullOrWhiteSpace(Form.ImageAlt))
        {
            ModelState.AddModelError("Form.ImageAlt", "Beskriv billedet med en alternativ tekst, der fortæller dem, der ikke kan se det, hvad det viser.");
        }

        if (details is null || !ModelState.IsValid)
        {
            if (photo is { IsValid: true })
            {
                ModelState.AddModelError("Form.Image", "Billedet er ikke gemt: ret det markerede, og vælg så billedet igen.");
            }

            return Invalid();
        }

        if (photo is not null)
        {
            if (await StorePhotoAsync(photo, image!.Length, ct) is { } refused)
            {
                ModelState.AddModelError("Form.Image", refused);
                return Invalid();
            }

            // Read again with the stored photo; only its fields changed, so this succeeds as before.
            if (Form.ToDetails(context, errors) is not { } withImage)
            {
                foreach (var (field, message) in errors)
                {
                    ModelState.AddModelError($"Form.{field}", message);
                }

                return Invalid();
            }

            details = withImage;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var send = handling == "send";
        OrganiserOutcome outcome;
        try
        {
            if (Existing is null)
            {
                (Existing, outcome) = Event.CreateByOrganiser(Guid.CreateVersion7(now), await eventStore.UniqueSlugAsync(details.Title, ct), details, Association.Id, send, Association.Standing, now);
                db.Events.Add(Existing);
            }
            else
            {
                outcome = Existing.SaveByOrganiser(details, Form.Revision, send, Association.Standing, now);
            }
        }
        catch (EventValidationException e)
        {
            foreach (var (field, message) in e.Errors)
            {
                ModelState.AddModelError($"Form.{EventInput.FieldFor(field)}", message);
            }

            return Invalid();
        }
        catch (EventRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return Invalid();
        }

        if (outcome is OrganiserOutcome.SentForReview or OrganiserOutcome.ChangesProposed)
        {
            await mails.ReceivedAsync(Existing, ct);
        }

        await eventStore.SaveAsync(Existing, ct);
        TempData[StatusMessage.Key] = outcome switch
        {
            OrganiserOutcome.SentForReview => "Tak! Arrangementet er sendt til godkendelse.",
            OrganiserOutcome.AwaitingReview => "Ændringerne er gemt. Arrangementet venter stadig på godkendelse.",
            OrganiserOutcome.ChangesProposed => "Ændringerne er sendt til godkendelse. Kalenderen viser den tidligere udgave så længe.",
            OrganiserOutcome.Published => "Arrangementet er gemt og vises i kalenderen.",
            _ => "Kladden er gemt.",
        };
        return Redirect("/forening");
    }

    /// <summary>Counts a checked photo against the association's quota and stores it; a Danish message when it is refused.</summary>
    private async Task<string?> StorePhotoAsync(ImageUpload checkedImage, long length, CancellationToken ct)
    {
        var quota = mediaOptions.Value.UploadQuotaBytes;
        var used = await db.EventUploads.Where(u => u.AssociationId == Association.Id).SumAsync(u => u.Bytes, ct);
        if (used + length > quota)
        {
            var hours = Math.Ceiling(mediaOptions.Value.OrphanGracePeriod.TotalHours).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return $"Jeres forening har brugt sin plads til billeder ({mediaOptions.Value.UploadQuotaMegabytes} MB). Billeder, som ingen arrangementer bruger længere, slettes efter {hours} timer; prøv igen derefter, eller skriv til os.";
        }

        var stored = await images.StoreAsync(checkedImage, ct);
        if (stored.Image is not { } saved)
        {
            return stored.Error!;
        }

        // Recorded at once, so the sweep finds the photo even if the event is never saved.
        db.EventUploads.Add(EventUpload.Record(saved.Id, Association.Id, length, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        (Form.ImageId, Form.ImageWidth, Form.ImageHeight, Form.RemoveImage) = (saved.Id, saved.Width, saved.Height, false);
        return null;
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid? id, CancellationToken ct)
    {
        var associationId = User.AssociationId();
        Association = await db.Associations.AsNoTracking().SingleAsync(a => a.Id == associationId, ct);
        if (id is null)
        {
            return true;
        }

        // Tracked when posting, so the changes below are saved.
        var events = HttpMethods.IsPost(Request.Method) ? db.Events : db.Events.AsNoTracking();
        Existing = await events.Include(e => e.Occurrences)
            .SingleOrDefaultAsync(e => e.Id == id && e.AssociationId == associationId, ct);
        return Existing is not null && Existing.Status != EventStatus.Cancelled;
    }
}
