using Campaign.Web.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.BackOffice.Templates;

/// <summary>
/// A starting point for new pages: a page's type, properties and blocks saved under a name ("Kampagneside med fakta og
/// tilmelding"). A page made from it is an ordinary draft; changing the template later changes no page.
/// </summary>
public sealed class ContentTemplate
{
    private ContentTemplate()
    {
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public string Data { get; private set; } = "";
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public static ContentTemplate From(string name, ContentNode node, string by, DateTime now)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > 120 || Setup.PlainText.HasControlCharacters(trimmed))
        {
            throw new ContentRuleException("Giv skabelonen et navn på højst 120 tegn.");
        }

        var version = node.Current ?? throw new ContentRuleException("Siden har intet indhold at gemme som skabelon.");
        return new ContentTemplate
        {
            Id = Guid.CreateVersion7(now),
            Name = trimmed,
            ContentType = node.ContentType,
            Data = ContentJson.Serialize(version.ReadData()),
            CreatedBy = by,
            CreatedAt = now,
        };
    }

    public ContentData ReadData() => ContentJson.Deserialize(Data);

    public string TypeName => ContentTypes.All.TryGetValue(ContentType, out var type) ? type.Name : ContentType;
}

internal sealed class ContentTemplateConfiguration : IEntityTypeConfiguration<ContentTemplate>
{
    public void Configure(EntityTypeBuilder<ContentTemplate> template)
    {
        template.ToTable("ContentTemplates");
        template.HasKey(t => t.Id);
        template.Property(t => t.Id).ValueGeneratedNever();
        template.Property(t => t.Name).HasMaxLength(120);
        template.Property(t => t.ContentType).HasMaxLength(64);
        template.Property(t => t.CreatedBy).HasMaxLength(256);
    }
}
