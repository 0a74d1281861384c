using System.Text.Json;
using Conference.EndToEnd.Tests.Meetings;
using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.WebApp;

/// <summary>
/// axe-core (the web app's own devDependency, installed by `npm ci`) run in the page: no serious or critical
/// violation allowed; a failure names each rule, its help text and the first offending elements.
/// </summary>
public static class Accessibility
{
    private static readonly Lazy<string> Source = new(() =>
    {
        string path = Path.Combine(MeetingFiles.RepositoryRoot, "src", "Conference.Web", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path) ? File.ReadAllText(path) : throw new FileNotFoundException("Run npm ci in src/Conference.Web (the server build does).", path);
    });

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string screen)
    {
        // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
        await page.EvaluateAsync($"() => {{ if (!window.axe) {{ {Source.Value}\n }} }}");
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)
            """);
        var found = violations.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(found.Count == 0, $"axe on the {screen} screen:\n{string.Join("\n", found)}");
    }
}
