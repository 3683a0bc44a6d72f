using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;

namespace Campaign.Web.Features.BackOffice.Content;

/// <summary>The content edit form as posted: name, properties by alias, blocks and the revision it was based on. The editor and the preview read it alike.</summary>
public static class ContentForm
{
    public static (string Name, ContentData Data, int Revision) Read(IFormCollection form, ContentType type, string fallbackName)
    {
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
        return (name.Length == 0 ? fallbackName : name, data, int.TryParse(form["Revision"], out var r) ? r : -1);
    }
}
