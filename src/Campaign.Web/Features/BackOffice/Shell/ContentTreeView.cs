namespace Campaign.Web.Features.BackOffice.Shell;

/// <summary>
/// One level of the shell's content tree. Only the levels on the way to the open pages are rendered; a closed page's
/// children come on demand (/redaktion/indhold/trae/{id}), or, without JavaScript, by following its toggle link.
/// </summary>
public sealed record ContentTreeView(
    IReadOnlyList<ContentOutline.Item> Items,
    ILookup<Guid?, ContentOutline.Item> Children,
    IReadOnlySet<Guid> Open,
    Guid? Current,
    bool MayMove)
{
    public ContentTreeView Below(Guid id) => this with { Items = Children[id].ToList() };
}
