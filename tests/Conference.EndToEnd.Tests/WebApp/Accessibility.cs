using System.Text.Json;
using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.WebApp;

/// <summary>axe-core (the web app's own devDependency) run in the page: no serious or critical violation allowed.</summary>
public static class Accessibility
{
    private static readonly Lazy<string> Source = new(() => File.ReadAllText(AxePath()));

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string screen)
    {
        // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
        await page.EvaluateAsync($"() => {{ if (!window.axe) {{ {Source.Value}\n }} }}");
        var violations = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)");
        var found = violations.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(found.Count == 0, $"axe on the {screen} screen:\n{string.Join("\n", found)}");
    }

    private static string AxePath()
    {
        string web = Path.Combine(Path.GetDirectoryName(RepositoryPaths.InteropFolder)!, "..", "src", "Conference.Web", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(web) ? Path.GetFullPath(web) : throw new FileNotFoundException("Run npm ci in src/Conference.Web (the server build does).", web);
    }
}
