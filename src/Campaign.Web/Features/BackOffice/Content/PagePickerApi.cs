using Campaign.Web.Content;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Campaign.Web.Features.BackOffice.Content;

/// <summary>/redaktion/indhold/vaelg: the published pages as JSON, for the rich text editor's link dialog to search.</summary>
public static class PagePickerApi
{
    public sealed record PageDto(Guid Id, string Name, string Url);

    public static void MapPagePicker(this IEndpointRouteBuilder app) =>
        app.MapGet("/redaktion/indhold/vaelg", Ok<List<PageDto>> (PublishedContentCache cache) =>
            TypedResults.Ok(cache.Current.Pages.OrderBy(p => p.Url, StringComparer.Ordinal).Select(p => new PageDto(p.Id, p.Parent is null ? "Forside" : p.Name, p.Url)).ToList()))
        .RequireAuthorization(AuthSetup.StaffPolicy);
}
