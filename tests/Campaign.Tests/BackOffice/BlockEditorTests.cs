using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.BackOffice;

/// <summary>
/// A block type that lives only in the test project. It is registered from outside the web project, as a module
/// would, and must then reach storage, the editor, search and the newsletter without any other code.
/// </summary>
public sealed record HelplineBlock(string Heading, string Phone, string? Hours = null, bool Free = false) : Block, IBlockType
{
    public static string DisplayName => "Telefonlinje";

    public static IReadOnlyList<BlockField> EditorFields { get; } =
    [
        BlockField.Text("heading", "Overskrift"),
        BlockField.Text("phone", "Telefonnummer", "Fx 70 20 12 01."),
        BlockField.Multiline("hours", "Åbningstider"),
        BlockField.Bool("free", "Gratis at ringe"),
    ];

    public override IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Phone))
        {
            yield return "Skriv telefonnummeret.";
        }
    }

    public override string? SearchText() => $"{Heading} {Hours}";

    public override void WriteMail(BlockMail mail) =>
        mail.Heading(Heading).Paragraph($"Ring på {Phone}{(Free ? " (gratis)" : "")}. {Hours}");
}

public sealed class BlockEditorApp : CampaignApp
{
    public BlockEditorApp()
    {
        With("Abuse:MinimumFillSeconds", "0").With("Abuse:SignInPermitsPerMinute", "1000").With("Abuse:SubmitPermitsPer10Minutes", "1000");
        BlockTypes.Register<HelplineBlock>("helpline");
    }
}

/// <summary>The one block editor on content pages and newsletter issues: every starter page round-trips, lists of members are edited as rows, and a block type from outside works everywhere.</summary>
public sealed class BlockEditorTests(BlockEditorApp app) : IntegrationTest<BlockEditorApp>(app)
{
    private static readonly Guid Roedovre = Guid.Parse("9c41ec01-4092-4037-8eca-e0ddc2492d0f");

    /// <summary>The fields of the first editable form on a page, as a browser would post them unchanged.</summary>
    private static List<KeyValuePair<string, string>> FormFields(IDocument html)
    {
        var form = html.QuerySelector("form[data-warn-unsaved]") ?? html.QuerySelectorAll("form.stack-form").First(f => f.QuerySelector("[name='Blocks.Count']") is not null);
        return form.QuerySelectorAll("input[name], textarea[name], select[name]")
            .Where(e => e.GetAttribute("type") is not ("submit" or "radio") && e.GetAttribute("name") is not ("__RequestVerificationToken" or "newBlock"))
            .Where(e => e.GetAttribute("type") != "checkbox" || e.HasAttribute("checked"))
            .SelectMany(e => e.LocalName switch
            {
                "textarea" => [e.TextContent],
                "select" when e.HasAttribute("multiple") => e.QuerySelectorAll("option[selected]").Select(o => o.GetAttribute("value") ?? "").ToArray(),
                "select" => [e.QuerySelector("option[selected]")?.GetAttribute("value") ?? e.QuerySelector("option")?.GetAttribute("value") ?? ""],
                _ => [e.GetAttribute("value") ?? ""],
            }, (e, value) => new KeyValuePair<string, string>(e.GetAttribute("name")!, value))
            .ToList();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, IDocument page, string action, params (string Key, string Value)[] changes)
    {
        var fields = FormFields(page);
        foreach (var (key, value) in changes)
        {
            fields.RemoveAll(f => f.Key == key);
            fields.Add(new(key, value));
        }

        // The content page's buttons are named handlers; the newsletter composer still takes "action".
        if (url.StartsWith("/redaktion/indhold/", StringComparison.Ordinal) && action is "gem" or "udgiv")
        {
            return await Forms.PostAsync(client, url, fields, url + (action == "gem" ? "?handler=Save" : "?handler=Publish"));
        }

        fields.Add(new("action", action));
        return await Forms.PostAsync(client, url, fields);
    }

    private Task<ContentData> CurrentAsync(Guid id) => App.With(async services =>
    {
        var node = await services.GetRequiredService<ContentService>().LoadAsync(id, default);
        return node.Current!.ReadData();
    });

    private static string StarterFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "uSync", "content")))
            {
                return Path.Combine(dir.FullName, "uSync", "content");
            }
        }

        throw new DirectoryNotFoundException("uSync/content not found above the test binaries.");
    }

    public static TheoryData<string> StarterPages() => [.. Directory.EnumerateFiles(StarterFolder(), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order()];

    [Theory]
    [MemberData(nameof(StarterPages))]
    public async Task Every_starter_page_opens_in_the_editor_and_saves_unchanged(string file)
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(StarterFolder(), file + ".json")));
        var id = json.RootElement.GetProperty("key").GetGuid();
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var before = await CurrentAsync(id);

        var page = await editor.GetAsync($"/redaktion/indhold/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await Html.ParseAsync(page);
        // No block field is ever a blob of JSON for an editor to get right.
        Assert.DoesNotContain(html.QuerySelectorAll(".block-editor input, .block-editor textarea"), e => (e.GetAttribute("value") ?? e.TextContent).TrimStart().StartsWith('{') || (e.GetAttribute("value") ?? e.TextContent).TrimStart().StartsWith("[{", StringComparison.Ordinal));

        var saved = await PostAsync(editor, $"/redaktion/indhold/{id}", html, "gem");

        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, $"{file}: {saved.StatusCode}\n{(await Html.ParseAsync(saved)).QuerySelector(".error-summary")?.TextContent}");
        var after = await CurrentAsync(id);
        Assert.Equal(JsonSerializer.Serialize(before.Blocks, ContentJson.Options), JsonSerializer.Serialize(after.Blocks, ContentJson.Options));
        Assert.Equal(before.Properties.Where(p => p.Value.Length > 0).OrderBy(p => p.Key), after.Properties.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Partnership_members_are_added_edited_and_removed_as_rows_with_danish_labels()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var url = $"/redaktion/indhold/{Roedovre}";
        var page = await Html.ParseAsync(await editor.GetAsync(url));
        var block = (await CurrentAsync(Roedovre)).Blocks.FindIndex(b => b is MembersBlock);
        var editorBlock = page.QuerySelectorAll(".block-editor")[block];
        Assert.Contains($"Blok {block + 1}: Medlemmer", editorBlock.QuerySelector("legend")!.TextContent);
        Assert.Equal(new[] { "Overskrift", "Navn", "Type", "Hjemmeside", "Navn", "Type", "Hjemmeside" }, editorBlock.QuerySelectorAll("label").Where(l => l.Closest(".block-copy") is null).Select(l => l.TextContent.Trim()));
        Assert.Equal("Rødovre Kommune", editorBlock.QuerySelector($"input[name='Blocks[{block}].members[0].name']")?.GetAttribute("value"));
        Assert.Equal("", editorBlock.QuerySelector($"input[name='Blocks[{block}].members[1].name']")?.GetAttribute("value"));

        // The empty row takes a new member; saving keeps both.
        var added = await PostAsync(editor, url, page, "gem",
            ($"Blocks[{block}].members[1].name", "Rødovre Frivilligcenter"), ($"Blocks[{block}].members[1].type", "Frivilligcenter"), ($"Blocks[{block}].members[1].url", "https://frivillig-roedovre.example"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(
            new[] { new PartnershipMember("Rødovre Kommune", "Kommune"), new PartnershipMember("Rødovre Frivilligcenter", "Frivilligcenter", "https://frivillig-roedovre.example") },
            (await CurrentAsync(Roedovre)).Blocks.OfType<MembersBlock>().Single().Members);

        // "Add a row" is a round trip that keeps what was typed and shows one more empty row.
        page = await Html.ParseAsync(await editor.GetAsync(url));
        var more = await PostAsync(editor, url, page, $"raekke:{block}:members", ($"Blocks[{block}].members[0].name", "Rødovre Kommune, Sundhed"));
        Assert.Equal(HttpStatusCode.OK, more.StatusCode);
        page = await Html.ParseAsync(more);
        Assert.Equal("Rødovre Kommune, Sundhed", page.QuerySelector($"input[name='Blocks[{block}].members[0].name']")?.GetAttribute("value"));
        Assert.Equal(4, page.QuerySelectorAll($"input[name^='Blocks[{block}].members['][name$='].name']").Length);

        // Removing the first member, then saving the edit of the other.
        var removed = await PostAsync(editor, url, page, $"fjern-raekke:{block}:members:0");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        page = await Html.ParseAsync(removed);
        Assert.Equal("Rødovre Frivilligcenter", page.QuerySelector($"input[name='Blocks[{block}].members[0].name']")?.GetAttribute("value"));
        var edited = await PostAsync(editor, url, page, "gem", ($"Blocks[{block}].members[0].type", "Forening"));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(new[] { new PartnershipMember("Rødovre Frivilligcenter", "Forening", "https://frivillig-roedovre.example") },
            (await CurrentAsync(Roedovre)).Blocks.OfType<MembersBlock>().Single().Members);

        // A member without a type is refused with a Danish message, and what was typed stays.
        page = await Html.ParseAsync(await editor.GetAsync(url));
        var refused = await PostAsync(editor, url, page, "gem", ($"Blocks[{block}].members[1].name", "Biblioteket"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedPage = await Html.ParseAsync(refused);
        Assert.Contains("Hvert medlem skal have et navn og en type", refusedPage.QuerySelector(".error-summary")?.TextContent);
        Assert.Equal("Biblioteket", refusedPage.QuerySelector($"input[name='Blocks[{block}].members[1].name']")?.GetAttribute("value"));
    }

    [Fact]
    public async Task A_members_block_is_added_to_a_page_and_refused_in_a_newsletter()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var (id, _) = await App.CreateAsync(Pages.UniqueName("Med medlemmer"), Pages.Data("En side med medlemmer."), publish: false);
        var url = $"/redaktion/indhold/{id}";

        var added = await PostAsync(editor, url, await Html.ParseAsync(await editor.GetAsync(url)), "tilfoej:members");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var page = await Html.ParseAsync(added);
        Assert.Contains("Blok 1: Medlemmer", page.QuerySelector(".block-editor summary")?.TextContent);
        var saved = await PostAsync(editor, url, page, "gem", ("Blocks[0].heading", "Med i netværket"), ("Blocks[0].members[0].name", "Ensomhedsnetværket"), ("Blocks[0].members[0].type", "Netværk"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var members = (await CurrentAsync(id)).Blocks.OfType<MembersBlock>().Single();
        Assert.Equal("Med i netværket", members.Heading);
        Assert.Equal(new[] { new PartnershipMember("Ensomhedsnetværket", "Netværk") }, members.Members);

        var issueUrl = await NewIssueAsync(editor, "Uden medlemmer");
        var picker = (await Html.ParseAsync(await editor.GetAsync(issueUrl))).QuerySelectorAll("button.block-card").Select(o => o.GetAttribute("value")?.Replace("tilfoej:", "")).ToList();
        Assert.DoesNotContain("members", picker);
        Assert.DoesNotContain("newsletterSignup", picker);
        Assert.Contains("richText", picker);
    }

    [Fact]
    public async Task A_block_type_registered_from_the_test_project_works_in_the_editor_search_and_mail()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var name = Pages.UniqueName("Ring til os");
        var (id, _) = await App.CreateAsync(name, Pages.Data("Hjælp i telefonen."), publish: false);
        var url = $"/redaktion/indhold/{id}";
        var edit = await Html.ParseAsync(await editor.GetAsync(url));
        Assert.Contains(edit.QuerySelectorAll("button.block-card"), o => o.GetAttribute("value") == "tilfoej:helpline" && o.QuerySelector(".block-card__name")?.TextContent == "Telefonlinje");

        var added = await Html.ParseAsync(await PostAsync(editor, url, edit, "tilfoej:helpline"));
        Assert.Equal(new[] { "Overskrift", "Telefonnummer", "Åbningstider", "Gratis at ringe" }, added.QuerySelectorAll(".block-editor label").Where(l => l.Closest(".block-copy") is null).Select(l => l.TextContent.Trim()));
        Assert.Equal("checkbox", added.QuerySelector("input[name='Blocks[0].free']")?.GetAttribute("type"));
        var published = await PostAsync(editor, url, added, "udgiv",
            ("Blocks[0].heading", "Natteravnetelefonen"), ("Blocks[0].phone", "70 20 12 01"), ("Blocks[0].hours", "Hver nat 22-06"), ("Blocks[0].free", "true"));
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal(new HelplineBlock("Natteravnetelefonen", "70 20 12 01", "Hver nat 22-06", true), (await CurrentAsync(id)).Blocks.Single());

        var found = await App.Client().GetStringAsync("/soeg?q=natteravnetelefonen");
        Assert.Contains(name, found);

        var issueUrl = await NewIssueAsync(editor, "Ring til os i nat");
        var issue = await Html.ParseAsync(await editor.GetAsync(issueUrl));
        Assert.Contains(issue.QuerySelectorAll("button.block-card"), o => o.GetAttribute("value") == "tilfoej:helpline");
        var composed = await Html.ParseAsync(await PostAsync(editor, issueUrl, issue, "tilfoej", ("newBlock", "helpline")));
        var saved = await PostAsync(editor, issueUrl, composed, "gem", ("Blocks[0].heading", "Natteravnetelefonen"), ("Blocks[0].phone", "70 20 12 01"), ("Blocks[0].free", "true"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var mail = await editor.GetStringAsync(issueUrl + "?handler=Preview");
        Assert.Contains("Natteravnetelefonen</h2>", mail);
        Assert.Contains("Ring på 70 20 12 01 (gratis).", mail);
    }

    [Fact]
    public async Task Version_compare_names_fields_and_choices_by_their_labels()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var (id, _) = await App.CreateAsync(Pages.UniqueName("Sammenlign"), new ContentData
        {
            Properties = new() { ["intro"] = "Første indledning.", ["navigation"] = "main" },
            Blocks = [new FactBlock("380.000", "danskere i svær ensomhed")],
        }, publish: false);
        await App.With(async services =>
        {
            var node = await services.GetRequiredService<ContentService>().LoadAsync(id, default);
            await services.GetRequiredService<ContentCommands>().SaveDraftAsync(id, node.Revision, node.Name, new ContentData
            {
                Properties = new() { ["intro"] = "Anden indledning.", ["navigation"] = "hidden" },
                Blocks = [new FactBlock("400.000", "danskere i svær ensomhed", "Kommissorium 2022")],
            }, "test");
            return 0;
        });
        var numbers = await App.With(services => services.GetRequiredService<CampaignDb>().ContentVersions.Where(v => v.NodeId == id).Select(v => v.Number).OrderBy(n => n).ToListAsync());

        var html = await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{id}/versioner?a={numbers[0]}&b={numbers[^1]}"));

        var rows = html.QuerySelectorAll("#forskelle ~ table tbody tr").Select(r => r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Contains(new[] { "Indledning", "Første indledning.", "Anden indledning." }, rows);
        Assert.Contains(new[] { "Vis i menu", "Hovedmenu", "Ikke i menuer" }, rows);
        // A block of the same kind is compared field by field, under each field's label.
        Assert.Contains(new[] { "Blok 1: Faktaboks – Tal", "380.000", "400.000" }, rows);
        Assert.Contains(new[] { "Blok 1: Faktaboks – Kilde", "", "Kommissorium 2022" }, rows);
        Assert.DoesNotContain(rows, r => r[0].Contains("Hvad tallet viser", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r[0].Contains("intro", StringComparison.Ordinal) || r[0].Contains("navigation", StringComparison.Ordinal));
    }

    private static async Task<string> NewIssueAsync(HttpClient editor, string subject)
    {
        var created = await Forms.PostAsync(editor, "/redaktion/nyhedsbrev", [new("emne", subject)]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return created.Headers.Location!.OriginalString;
    }
}
