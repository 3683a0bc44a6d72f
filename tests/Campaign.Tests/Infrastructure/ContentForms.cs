namespace Campaign.Tests.Infrastructure;

/// <summary>The back office's edit form as a browser posts it: its current fields, some changed, and the button pressed.</summary>
public static class ContentForms
{
    /// <summary>The edit form's current fields, with some changed.</summary>
    public static async Task<List<KeyValuePair<string, string>>> EditFieldsAsync(HttpClient client, Guid id, params (string Key, string Value)[] changes)
    {
        var html = await Html.ParseAsync(await client.GetAsync($"/redaktion/indhold/{id}"));
        return FieldsOf(html, changes);
    }

    /// <summary>The fields of an edit form in a page already fetched (e.g. the page a refused post answered with).</summary>
    public static List<KeyValuePair<string, string>> FieldsOf(AngleSharp.Dom.IDocument html, params (string Key, string Value)[] changes)
    {
        var fields = html.QuerySelectorAll("form[data-warn-unsaved] input[name], form[data-warn-unsaved] textarea[name], form[data-warn-unsaved] select[name]")
            .Where(e => e.GetAttribute("type") is not ("submit" or "radio" or "checkbox") && e.GetAttribute("name") != "__RequestVerificationToken" && e.GetAttribute("name") != "newBlock")
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e.LocalName switch
            {
                "textarea" => e.TextContent,
                "select" => e.QuerySelector("option[selected]")?.GetAttribute("value") ?? "",
                _ => e.GetAttribute("value") ?? "",
            }))
            .ToList();
        foreach (var (key, value) in changes)
        {
            fields.RemoveAll(f => f.Key == key);
            fields.Add(new(key, value));
        }

        return fields;
    }

    /// <summary>Presses one of the edit form's buttons: Save, Preview, Publish, Unpublish or Trash.</summary>
    public static async Task<HttpResponseMessage> PressAsync(HttpClient client, Guid id, string handler, params (string Key, string Value)[] changes) =>
        await Forms.PostAsync(client, $"/redaktion/indhold/{id}", await EditFieldsAsync(client, id, changes), $"/redaktion/indhold/{id}?handler={handler}");

    /// <summary>A round trip of the block editor (add, move, remove), which saves nothing.</summary>
    public static async Task<HttpResponseMessage> BlockActionAsync(HttpClient client, Guid id, string action, params (string Key, string Value)[] changes)
    {
        var fields = await EditFieldsAsync(client, id, changes);
        fields.Add(new("action", action));
        return await Forms.PostAsync(client, $"/redaktion/indhold/{id}", fields);
    }
}
