using System.Globalization;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Media;
using Campaign.Web.Setup;
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
public sealed class EventFormModel(CampaignDb db, EventChanges changes, EventMails mails, IImageProcessor images, PublishedContentCache content, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<MediaOptions> mediaOptions) : PageModel, IPageMeta
{
    public sealed class Input
    {
        public string Title { get; set; } = "";
        public string? Summary { get; set; }
        [System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)]
        public string Description { get; set; } = "";
        public Guid? SeriesKey { get; set; }
        public string Date { get; set; } = "";
        public string StartTime { get; set; } = "";
        public string EndTime { get; set; } = "";
        public bool AllDay { get; set; }
        public Repeat Repeat { get; set; }
        public string? RepeatUntil { get; set; }
        public string? SkippedDates { get; set; }
        public bool IsOnline { get; set; }
        public string? OnlineUrl { get; set; }
        public string? VenueName { get; set; }
        public string? StreetAddress { get; set; }
        public string? PostalCode { get; set; }
        public int? MunicipalityCode { get; set; }
        public List<TargetGroups> TargetGroups { get; set; } = [];
        public List<AccessibilityFeatures> Accessibility { get; set; } = [];
        public string? AccessibilityNote { get; set; }
        public string? Price { get; set; }
        public string? PriceNote { get; set; }
        public JoinMethod JoinMethod { get; set; }
        public string? JoinDetail { get; set; }
        public Guid? ImageId { get; set; }
        public int? ImageWidth { get; set; }
        public int? ImageHeight { get; set; }
        public string? ImageAlt { get; set; }
        public bool RemoveImage { get; set; }
        public string OrganiserName { get; set; } = "";
        public string? OrganiserUrl { get; set; }
        public int Revision { get; set; }
    }

    [BindProperty] public Input Form { get; set; } = new();

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
            Form = FromDetails(Existing.ProposedDetails ?? Existing.Details, Existing.Revision);
        }
        else if (kopi is { } copyId)
        {
            // Duplicating last year's march: everything but the date, which the organiser sets anew.
            var source = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == copyId && e.AssociationId == Association.Id, ct);
            if (source is null)
            {
                return NotFound();
            }

            Form = FromDetails(source.Details, 0);
            Form.Date = "";
            Form.RepeatUntil = null;
            Form.SkippedDates = null;
        }
        else
        {
            Form.OrganiserName = Association.Name;
            Form.TargetGroups = [TargetGroups.Everyone];
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

        var details = ToDetails();
        if (details is not null && ModelState.IsValid)
        {
            foreach (var (field, message) in details.Validate())
            {
                ModelState.AddModelError($"Form.{FieldFor(field)}", message);
            }

            if (withPhoto && string.IsNullOrWhiteSpace(Form.ImageAlt))
            {
                ModelState.AddModelError("Form.ImageAlt", "Beskriv billedet med en alternativ tekst, der fortæller dem, der ikke kan se det, hvad det viser.");
            }
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

            details = ToDetails()!;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var submit = handling == "send";
        try
        {
            if (Existing is null)
            {
                var evt = Event.Create(Guid.CreateVersion7(now), await changes.UniqueSlugAsync(details.Title, ct), details, now, associationId: Association.Id);
                db.Events.Add(evt);
                Existing = evt;
            }
            else
            {
                Existing.EnsureRevision(Form.Revision);
                if (Existing.Status == EventStatus.Published && !Association.PublishesDirectly)
                {
                    Existing.ProposeChanges(details, now);
                }
                else
                {
                    Existing.Update(details, now);
                }
            }

            if (submit && Existing.Status is EventStatus.Draft or EventStatus.Rejected)
            {
                Existing.Submit(now);
                if (Association.PublishesDirectly)
                {
                    Existing.Publish(now);
                }
            }
        }
        catch (EventValidationException e)
        {
            foreach (var (field, message) in e.Errors)
            {
                ModelState.AddModelError($"Form.{FieldFor(field)}", message);
            }

            return Invalid();
        }
        catch (EventRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return Invalid();
        }

        var waitsForReview = Existing.Status == EventStatus.Pending || Existing.HasPendingChanges;
        if (waitsForReview && (submit || Existing.HasPendingChanges))
        {
            await mails.ReceivedAsync(Existing, ct);
        }

        await changes.SaveAsync(Existing, ct);
        TempData["Besked"] = Existing.Status switch
        {
            EventStatus.Pending => "Tak! Arrangementet er sendt til godkendelse.",
            EventStatus.Published when Existing.HasPendingChanges => "Ændringerne er sendt til godkendelse. Kalenderen viser den tidligere udgave så længe.",
            EventStatus.Published => "Arrangementet er gemt og vises i kalenderen.",
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

    private static string FieldFor(string detailsField) => detailsField switch
    {
        nameof(EventDetails.StartUtc) => nameof(Input.StartTime),
        nameof(EventDetails.EndUtc) => nameof(Input.EndTime),
        nameof(EventDetails.PriceDkk) => nameof(Input.Price),
        nameof(EventDetails.ImageAlt) or nameof(EventDetails.ImageUrl) => nameof(Input.ImageAlt),
        _ => detailsField,
    };

    /// <summary>The form as details, or null with messages in ModelState for what could not be read.</summary>
    private EventDetails? ToDetails()
    {
        var f = Form;
        var ok = true;
        void Fail(string field, string message)
        {
            ModelState.AddModelError($"Form.{field}", message);
            ok = false;
        }

        var date = ParseDate(f.Date);
        if (date is null)
        {
            Fail(nameof(Input.Date), "Skriv datoen, fx 14-03-2027.");
        }

        TimeOnly start = TimeOnly.MinValue, end = TimeOnly.MinValue;
        if (!f.AllDay)
        {
            if (!TryTime(f.StartTime, out start))
            {
                Fail(nameof(Input.StartTime), "Skriv hvornår arrangementet begynder, fx 10:00.");
            }

            if (!TryTime(f.EndTime, out end))
            {
                Fail(nameof(Input.EndTime), "Skriv hvornår arrangementet slutter, fx 12:00.");
            }
        }

        DateOnly? until = null;
        if (f.Repeat != Repeat.None)
        {
            until = ParseDate(f.RepeatUntil);
            if (until is null)
            {
                Fail(nameof(Input.RepeatUntil), "Skriv til og med hvilken dato arrangementet gentages.");
            }
        }

        decimal? price = null;
        if (!string.IsNullOrWhiteSpace(f.Price))
        {
            if (decimal.TryParse(f.Price.Replace("kr.", "", StringComparison.OrdinalIgnoreCase).Trim(), NumberStyles.Number, Danish.Culture, out var p))
            {
                price = p;
            }
            else
            {
                Fail(nameof(Input.Price), "Skriv prisen som et tal i kroner, fx 40. Lad feltet stå tomt, hvis det er gratis.");
            }
        }

        var municipality = f.MunicipalityCode;
        var postalChanged = Existing is not null && f.PostalCode?.Trim() != Existing.Details.PostalCode && municipality == Existing.Details.MunicipalityCode;
        if (!f.IsOnline && (municipality is null || postalChanged) && Places.Places.Denmark.Postal(f.PostalCode?.Trim()) is { } district)
        {
            // Found from the postal code (also when the address moved and the municipality was left as it was);
            // the organiser can correct it where a code spans two municipalities.
            municipality = district.Municipality.Code;
        }

        if (!ok || date is null)
        {
            return null;
        }

        DateTime? startUtc, endUtc;
        if (f.AllDay)
        {
            startUtc = CopenhagenTime.StartOfDay(date.Value);
            endUtc = CopenhagenTime.StartOfDay(date.Value.AddDays(1));
        }
        else
        {
            startUtc = CopenhagenTime.ToUtc(date.Value, start);
            endUtc = CopenhagenTime.ToUtc(end > start ? date.Value : date.Value.AddDays(1), end);
            if (startUtc is null || endUtc is null)
            {
                Fail(nameof(Input.StartTime), "Det klokkeslæt findes ikke den dag, fordi uret stilles en time frem. Vælg et andet tidspunkt.");
                return null;
            }
        }

        var postal = Places.Places.Denmark.Postal(f.PostalCode?.Trim());
        var keepImage = !f.RemoveImage && f.ImageId is not null && f.ImageWidth is > 0 && f.ImageHeight is > 0;
        return new EventDetails
        {
            Title = f.Title?.Trim() ?? "",
            Summary = Blank(f.Summary),
            Description = f.Description?.Trim() ?? "",
            SeriesKey = f.SeriesKey is { } s && content.Current.FindById(s)?.Type == ContentTypes.EventSeries ? s : null,
            StartUtc = startUtc.Value,
            EndUtc = endUtc.Value,
            AllDay = f.AllDay,
            Repeat = f.Repeat,
            RepeatUntil = until,
            SkippedDates = Blank(f.SkippedDates),
            IsOnline = f.IsOnline,
            OnlineUrl = f.IsOnline ? Blank(f.OnlineUrl) : null,
            VenueName = f.IsOnline ? null : Blank(f.VenueName),
            StreetAddress = f.IsOnline ? null : Blank(f.StreetAddress),
            PostalCode = f.IsOnline ? null : Blank(f.PostalCode),
            City = f.IsOnline ? null : postal?.Name,
            TargetGroups = f.TargetGroups.Aggregate(TargetGroups.None, (a, b) => a | b),
            Accessibility = f.Accessibility.Aggregate(AccessibilityFeatures.None, (a, b) => a | b),
            AccessibilityNote = Blank(f.AccessibilityNote),
            PriceDkk = price,
            PriceNote = Blank(f.PriceNote),
            JoinMethod = f.JoinMethod,
            JoinDetail = f.JoinMethod == JoinMethod.NoSignup ? null : Blank(f.JoinDetail),
            ImageId = keepImage ? f.ImageId : null,
            ImageWidth = keepImage ? f.ImageWidth : null,
            ImageHeight = keepImage ? f.ImageHeight : null,
            ImageUrl = keepImage ? MediaEndpoints.DefaultUrl(f.ImageId!.Value, f.ImageWidth!.Value) : null,
            ImageAlt = keepImage ? Blank(f.ImageAlt) : null,
            OrganiserName = f.OrganiserName?.Trim() ?? "",
            OrganiserUrl = Blank(f.OrganiserUrl),
        }.WithMunicipality(municipality ?? Association.MunicipalityCode);
    }

    private static Input FromDetails(EventDetails d, int revision)
    {
        var start = CopenhagenTime.ToLocal(d.StartUtc);
        var end = CopenhagenTime.ToLocal(d.EndUtc);
        return new Input
        {
            Title = d.Title, Summary = d.Summary, Description = d.Description, SeriesKey = d.SeriesKey,
            Date = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = d.AllDay ? "" : start.ToString("HH:mm", CultureInfo.InvariantCulture),
            EndTime = d.AllDay ? "" : end.ToString("HH:mm", CultureInfo.InvariantCulture),
            AllDay = d.AllDay, Repeat = d.Repeat,
            RepeatUntil = d.RepeatUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), SkippedDates = d.SkippedDates,
            IsOnline = d.IsOnline, OnlineUrl = d.OnlineUrl, VenueName = d.VenueName, StreetAddress = d.StreetAddress,
            PostalCode = d.PostalCode, MunicipalityCode = d.MunicipalityCode,
            TargetGroups = EventTexts.TargetGroupList.Where(t => d.TargetGroups.HasFlag(t.Value)).Select(t => t.Value).ToList(),
            Accessibility = EventTexts.AccessibilityList.Where(a => d.Accessibility.HasFlag(a.Value)).Select(a => a.Value).ToList(),
            AccessibilityNote = d.AccessibilityNote,
            Price = d.PriceDkk?.ToString("0.##", Danish.Culture), PriceNote = d.PriceNote,
            JoinMethod = d.JoinMethod, JoinDetail = d.JoinDetail, OrganiserName = d.OrganiserName, OrganiserUrl = d.OrganiserUrl,
            ImageId = d.ImageId, ImageWidth = d.ImageWidth, ImageHeight = d.ImageHeight, ImageAlt = d.ImageAlt,
            Revision = revision,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly? ParseDate(string? value) =>
        value is not null && DateOnly.TryParseExact(value.Trim(), ["yyyy-MM-dd", "d-M-yyyy", "d.M.yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : null;

    private static bool TryTime(string? value, out TimeOnly time) =>
        TimeOnly.TryParseExact(value?.Trim().Replace('.', ':') ?? "", ["HH:mm", "H:mm", "HH"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
