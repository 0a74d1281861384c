using System.Diagnostics;
using System.Text;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Deployment;

/// <summary>
/// No container registry is reachable here, so the image's contents are proven the other way round: the server is
/// published with exactly the Dockerfile's `dotnet publish` arguments and started with its ENTRYPOINT, WORKDIR and
/// ENV (only host paths and ports mapped, as `docker run -v -p` would), then /readyz, a write and the
/// HEALTHCHECK command are checked — and nothing is written inside the application folder (read-only root).
/// </summary>
[Trait("Category", "Deployment")]
public sealed class ImageContentsTests
{
    private readonly Dockerfile _dockerfile = Dockerfile.Load();

    [Fact]
    public void Builds_with_the_sdk_and_node_then_runs_on_the_aspnet_runtime_as_a_non_root_user()
    {
        var stages = _dockerfile.Stages;
        Assert.True(stages.Count >= 2, "multi-stage build");
        var build = stages.Single(s => s.From.Contains("dotnet/sdk"));
        Assert.Contains(build.Instructions, i => i.StartsWith("RUN dotnet publish "));
        // Node for the web client's build: copied from a node image stage, then checked.
        Assert.Contains(stages, s => s.From.StartsWith("node:20"));
        Assert.Contains(build.Instructions, i => i.StartsWith("COPY --from=node ") && i.Contains("/usr/local/bin/node"));
        Assert.Contains(build.Instructions, i => i.StartsWith("RUN ") && i.Contains("node --version") && i.Contains("npm --version"));
        Assert.Contains("dotnet/aspnet", stages[^1].From);
        Assert.DoesNotContain(_dockerfile.FinalUser, new[] { "0", "root", "0:0" });
        Assert.Equal(_dockerfile.Entrypoint.Concat(["healthcheck"]), _dockerfile.HealthcheckCommand);
        Assert.True(Path.IsPathRooted(_dockerfile.Environment["Conference__DataPath"]), "the data folder is a mount point");
        Assert.Equal("gateway,core,sfu", _dockerfile.Environment["Conference__Roles"]);
    }

    [Fact]
    public async Task The_published_output_starts_with_the_images_entrypoint_and_environment_and_becomes_ready()
    {
        var scratch = TempFolder.Create("conference-image");
        var app = Path.Combine(scratch, "app");
        var data = Path.Combine(scratch, "data");
        Directory.CreateDirectory(data);
        var workDir = _dockerfile.FinalWorkDir;

        var publish = _dockerfile.PublishArguments.ToList();
        publish[publish.IndexOf("-o") + 1] = app;
        var (exit, output) = await Run("dotnet", publish, Dockerfile.RepositoryRoot(), new Dictionary<string, string>(), TimeSpan.FromMinutes(6));
        Assert.True(exit == 0, $"dotnet {string.Join(' ', publish)} failed:\n{output}");
        Assert.True(File.Exists(Path.Combine(app, "wwwroot", "index.html")), "the web client is in the image");

        string Mapped(string argument) => argument.StartsWith(workDir + "/", StringComparison.Ordinal) ? Path.Combine(app, argument[(workDir.Length + 1)..]) : argument;
        var httpPort = FreePorts.Tcp();
        var environment = new Dictionary<string, string>(_dockerfile.Environment)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",        // -p 8080 mapped to a free loopback port
            ["Conference__DataPath"] = data,                              // -v <volume>:/data
            ["Conference__Media__BindAddress"] = "127.0.0.1",
            ["Conference__Media__Port"] = "0",
            ["Conference__Cluster__SiloPort"] = FreePorts.Tcp().ToString(),
            ["Conference__Cluster__GatewayPort"] = FreePorts.Tcp().ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var before = Snapshot(app);

        var entrypoint = _dockerfile.Entrypoint.Select(Mapped).ToList();
        using var server = Start(entrypoint, app, environment, out var log);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
            await WaitReady(client, server, log);
            var page = await client.GetAsync("/");
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

            var token = await RegisterAdmin(client);
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            await client.Create("/api/projects", """{"name":"From the image"}""");

            var health = _dockerfile.HealthcheckCommand.Select(Mapped).ToList();
            var (healthy, healthOutput) = await Run(health[0], health.Skip(1).ToList(), app, environment, TimeSpan.FromSeconds(30));
            Assert.True(healthy == 0, $"HEALTHCHECK on a running server: {healthOutput}");
        }
        finally
        {
            using (var term = Process.Start("kill", $"-TERM {server.Id}")) await term.WaitForExitAsync();
            if (!server.WaitForExit(TimeSpan.FromSeconds(40))) server.Kill(entireProcessTree: true);
        }

        Assert.Equal(before, Snapshot(app));   // nothing written under the image's own folder
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(data));

        var probe = _dockerfile.HealthcheckCommand.Select(Mapped).ToList();
        var (stopped, _) = await Run(probe[0], probe.Skip(1).ToList(), app, environment, TimeSpan.FromSeconds(30));
        Assert.Equal(1, stopped);   // the same probe fails once nothing answers
        Directory.Delete(scratch, recursive: true);
    }

    private static async Task WaitReady(HttpClient client, Process server, StringBuilder log)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new InvalidOperationException($"Server exited with {server.ExitCode}:\n{Text(log)}");
            try
            {
                if ((await client.GetAsync("/readyz")).IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { /* starting */ }
            await Task.Delay(250);
        }
        throw new TimeoutException($"/readyz never answered 200:\n{Text(log)}");
    }

    private static async Task<string> RegisterAdmin(HttpClient client)
    {
        var email = HttpJson.UniqueEmail("image");
        await client.Create("/api/auth/register", $$"""{"name":"Image","email":"{{email}}","password":"{{ApiFactory.Password}}"}""");
        var login = await (await client.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"{{ApiFactory.Password}}"}""")).Json();
        return login["accessToken"]!.GetValue<string>();
    }

    private static SortedDictionary<string, (long, DateTime)> Snapshot(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => (new FileInfo(f).Length, File.GetLastWriteTimeUtc(f))), StringComparer.Ordinal);

    private static Process Start(IReadOnlyList<string> command, string workDir, IReadOnlyDictionary<string, string> environment, out StringBuilder log)
    {
        var start = new ProcessStartInfo(command[0]) { WorkingDirectory = workDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        var lines = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (lines) lines.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (lines) lines.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log = lines;
        return process;
    }

    private static async Task<(int Exit, string Output)> Run(string file, IReadOnlyList<string> arguments, string workDir,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        using var process = Start([file, .. arguments], workDir, environment, out var log);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out\n" + Text(log));
        }
        return (process.ExitCode, Text(log));
    }

    private static string Text(StringBuilder log) { lock (log) return log.ToString(); }
}
