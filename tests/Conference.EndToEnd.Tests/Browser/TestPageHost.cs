using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Conference.EndToEnd.Tests.Browser;

/// <summary>
/// A tiny HTTP server (a <see cref="LoopbackWebHost"/>) for the browser tests: GET / serves a test page from the
/// Browser folder, POST /offer hands the page's SDP offer to the test and returns the test's answer as text,
/// POST /candidate hands over one trickled candidate.
/// </summary>
public sealed class TestPageHost : IAsyncDisposable
{
    private readonly LoopbackWebHost _host;

    private TestPageHost(LoopbackWebHost host) => _host = host;

    public Uri Address => _host.Address;

    /// <param name="pageFile">A file in the Browser folder of the test output (copied there by the csproj).</param>
    /// <param name="answerOffer">Turns an offer into an answer; an exception becomes a 400 with its message.</param>
    /// <param name="addCandidate">Takes one trickled candidate line (POST /candidate); an exception becomes a 400.</param>
    public static async Task<TestPageHost> StartAsync(string pageFile, Func<string, string> answerOffer, Action<string>? addCandidate = null)
    {
        string page = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Browser", pageFile));
        return new TestPageHost(await LoopbackWebHost.StartAsync(app =>
        {
            app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
            app.MapPost("/offer", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                string offer = await reader.ReadToEndAsync();
                try
                {
                    return Results.Text(answerOffer(offer), "application/sdp");
                }
                catch (Exception e)
                {
                    return Results.Text(e.Message, "text/plain", statusCode: StatusCodes.Status400BadRequest);
                }
            });
            app.MapPost("/candidate", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                string candidate = await reader.ReadToEndAsync();
                try
                {
                    (addCandidate ?? throw new InvalidOperationException("this test takes no trickled candidates"))(candidate);
                    return Results.NoContent();
                }
                catch (Exception e)
                {
                    return Results.Text(e.Message, "text/plain", statusCode: StatusCodes.Status400BadRequest);
                }
            });
        }));
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
