using Campaign.Web.Content;

namespace Campaign.Web.Features.Events.Pages;

/// <summary>What the shared event fields need: the form as typed, the series to choose from, and whether a photo may be uploaded with it.</summary>
public sealed record EventFieldsView(EventInput Form, IReadOnlyList<PublishedPage> Series, bool AllowPhoto);
