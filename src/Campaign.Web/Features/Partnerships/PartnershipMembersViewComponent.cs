using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Associations;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Partnerships;

public sealed record PartnershipMembers(string Heading, IReadOnlyList<PartnershipMember> Members);

/// <summary>
/// On a partnership page: the members editors listed in its members blocks, then the associations an editor
/// approved through the portal. The page is output-cached; an approval evicts it by <see cref="OutputCacheTag"/>.
/// </summary>
public sealed class PartnershipMembersViewComponent(CampaignDb db) : ViewComponent
{
    public const string OutputCacheTag = "partnerships";

    public async Task<IViewComponentResult> InvokeAsync(PublishedPage partnership)
    {
        HttpContext.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(OutputCacheTag);

        var blocks = partnership.Data.Blocks.OfType<MembersBlock>().ToList();
        var members = blocks.SelectMany(b => b.Members).ToList();
        var joined = await db.PartnershipJoinRequests.AsNoTracking()
            .Where(r => r.PartnershipKey == partnership.Id && r.Status == JoinRequestStatus.Approved)
            .Join(db.Associations.Where(a => a.Status != AssociationStatus.Rejected), r => r.AssociationId, a => a.Id,
                (r, a) => new { a.Name, a.Type, a.Website })
            .ToListAsync(HttpContext.RequestAborted);

        var listed = new HashSet<string>(members.Select(m => m.Name.Trim()), StringComparer.OrdinalIgnoreCase);
        foreach (var association in joined.OrderBy(a => a.Name, StringComparer.Create(Danish.Culture, ignoreCase: true)))
        {
            if (listed.Add(association.Name.Trim()))
            {
                members.Add(new PartnershipMember(association.Name, TypeLabel(association.Type), association.Website));
            }
        }

        var heading = blocks.Select(b => b.Heading).FirstOrDefault(h => !string.IsNullOrWhiteSpace(h)) ?? "Medlemmer af partnerskabet";
        return View("~/Features/Partnerships/Pages/_PartnershipMembers.cshtml", new PartnershipMembers(heading, members));
    }

    public static string TypeLabel(AssociationType type) => type switch
    {
        AssociationType.Forening => "Forening",
        AssociationType.Frivilligcenter => "Frivilligcenter",
        AssociationType.Kommune => "Kommune",
        AssociationType.Virksomhed => "Virksomhed",
        _ => "Organisation",
    };
}
