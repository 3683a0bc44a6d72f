using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Media;

/// <summary>
/// What the image picker leaves to the server: an image block's alternative text comes from the library item unless the
/// editor wrote their own (the form without JavaScript has no picker to copy it), and a picked id must be an image
/// in the library, so a page never shows a broken picture.
/// </summary>
public static class MediaPicks
{
    public static async Task CompleteAsync(this CampaignDb db, List<Block> blocks, CancellationToken ct)
    {
        var ids = blocks.OfType<ImageBlock>().Where(b => b.MediaId is not null).Select(b => b.MediaId!.Value).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var alts = await db.MediaItems.AsNoTracking().Where(i => ids.Contains(i.Id) && i.Kind == MediaKind.Image)
            .ToDictionaryAsync(i => i.Id, i => i.AltText ?? "", ct);
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is not ImageBlock { MediaId: { } id } image)
            {
                continue;
            }

            if (!alts.TryGetValue(id, out var alt))
            {
                throw new ContentRuleException($"Billedet i blok {i + 1} findes ikke i mediebiblioteket. Vælg et andet.");
            }

            if (string.IsNullOrWhiteSpace(image.Alt))
            {
                blocks[i] = image with { Alt = alt };
            }
        }
    }
}
