using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Campaign.E2E;

/// <summary>Runs axe-core with the WCAG 2.0 and 2.1 A/AA rules (the Danish web accessibility law asks for 2.1 AA).</summary>
public static class Axe
{
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var options = new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Tags] } };
        var result = await page.RunAxe(options);
        if (result.Violations.Length == 0)
        {
            return;
        }

        var message = new StringBuilder($"axe-core found {result.Violations.Length} violation(s) on {page.Url}:");
        foreach (var violation in result.Violations)
        {
            message.AppendLine().Append($"- {violation.Id} ({violation.Impact}): {violation.Help} [{violation.HelpUrl}]");
            foreach (var node in violation.Nodes)
            {
                message.AppendLine().Append($"    {node.Target}  {node.Html}");
            }
        }

        Assert.Fail(message.ToString());
    }
}
