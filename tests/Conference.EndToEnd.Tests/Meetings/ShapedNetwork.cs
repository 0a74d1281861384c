using System.Diagnostics;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Participants on links of their own: each gets a network namespace joined to the test's (the SFU's) by a veth pair
/// (10.15.i.1 here, 10.15.i.2 there, its default route back here); the server listens on <see cref="SfuAddress"/>,
/// an address on this namespace's loopback that every participant reaches through its pair. A link is shaped with
/// <c>tc</c> on either end: tbf on this end limits what the SFU sends (the downlink), on the far end what the
/// participant sends (the uplink). Needs root in the loopback-only namespace the browser tests run in; the names
/// carry this process's id (named namespaces are visible machine-wide) and are deleted on dispose.
/// </summary>
public sealed class ShapedNetwork : IAsyncDisposable
{
    public const string SfuAddress = "10.99.0.1";
    private readonly string _prefix = $"conf{Environment.ProcessId}";
    private readonly List<string> _namespaces = [];

    private ShapedNetwork()
    {
    }

    public static async Task<ShapedNetwork> CreateAsync()
    {
        var network = new ShapedNetwork();
        await RunAsync("ip", $"addr replace {SfuAddress}/32 dev lo");
        return network;
    }

    /// <summary>Creates participant <paramref name="index"/>'s namespace and link; returns the namespace's name.</summary>
    public async Task<string> AddParticipantAsync(int index)
    {
        string ns = Namespace(index);
        await RunAsync("ip", $"netns add {ns}");
        _namespaces.Add(ns);
        await RunAsync("ip", $"link add {Near(index)} type veth peer name {Far(index)}");
        await RunAsync("ip", $"link set {Far(index)} netns {ns}");
        await RunAsync("ip", $"addr add 10.15.{index}.1/24 dev {Near(index)}");
        await RunAsync("ip", $"link set {Near(index)} up");
        await RunAsync("ip", $"-n {ns} link set lo up");
        await RunAsync("ip", $"-n {ns} addr add 10.15.{index}.2/24 dev {Far(index)}");
        await RunAsync("ip", $"-n {ns} link set {Far(index)} up");
        await RunAsync("ip", $"-n {ns} route add default via 10.15.{index}.1");
        return ns;
    }

    public string Namespace(int index) => $"{_prefix}-p{index}";

    /// <summary>Token bucket on what the SFU sends participant <paramref name="index"/>: rate, a 3000-byte bucket, 300 ms of queue.</summary>
    public Task LimitDownlinkAsync(int index, int kbit) =>
        RunAsync("tc", $"qdisc replace dev {Near(index)} root tbf rate {kbit}kbit burst 3000 latency 300ms");

    /// <summary>The same on what participant <paramref name="index"/> sends.</summary>
    public Task LimitUplinkAsync(int index, int kbit) =>
        RunAsync("ip", $"netns exec {Namespace(index)} tc qdisc replace dev {Far(index)} root tbf rate {kbit}kbit burst 3000 latency 300ms");

    public async Task ClearAsync(int index)
    {
        await RunAsync("tc", $"qdisc del dev {Near(index)} root", ignoreFailure: true);
        await RunAsync("ip", $"netns exec {Namespace(index)} tc qdisc del dev {Far(index)} root", ignoreFailure: true);
    }

    /// <summary>
    /// Sends participant <paramref name="index"/>'s traffic (both ways) through a <see cref="LossyLink"/> instead of its
    /// veth pair: a host route here and its default route there point at the link's TUN devices.
    /// </summary>
    public async Task<LossyLink> RouteThroughLossAsync(int index, TimeSpan delay, double downlinkLoss, double uplinkLoss)
    {
        string ns = Namespace(index);
        var link = LossyLink.Create($"lossy{index}", $"lossy{index}", ns, delay, downlinkLoss, uplinkLoss);
        try
        {
            await RunAsync("ip", $"link set lossy{index} up");
            await RunAsync("ip", $"-n {ns} link set lossy{index} up");
            await RunAsync("ip", $"route replace 10.15.{index}.2/32 dev lossy{index}");
            await RunAsync("ip", $"-n {ns} route replace default dev lossy{index} src 10.15.{index}.2");
            return link;
        }
        catch
        {
            link.Dispose();
            throw;
        }
    }

    /// <summary>Back to the veth pair; the link is closed (its devices go with it).</summary>
    public async Task RouteDirectAsync(int index, LossyLink link)
    {
        await RunAsync("ip", $"route del 10.15.{index}.2/32", ignoreFailure: true);
        await RunAsync("ip", $"-n {Namespace(index)} route replace default via 10.15.{index}.1", ignoreFailure: true);
        link.Dispose();
    }

    /// <summary>An executable that runs Chromium inside participant <paramref name="index"/>'s namespace (for Playwright's ExecutablePath).</summary>
    public string ChromiumWrapper(int index, string folder)
    {
        string path = Path.Combine(folder, $"chromium-{index}.sh");
        File.WriteAllText(path, $"#!/bin/sh\nexec ip netns exec {Namespace(index)} {Browser.ChromiumBrowser.ExecutablePath} \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string Near(int index) => $"sfu{index}";

    private static string Far(int index) => $"peer{index}";

    private static async Task RunAsync(string tool, string arguments, bool ignoreFailure = false)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments)
        {
            UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException($"{tool} did not start");
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !ignoreFailure)
            throw new InvalidOperationException($"{tool} {arguments}: exit {process.ExitCode}: {error.Trim()} (root in the test namespace is needed)");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (string ns in _namespaces) await RunAsync("ip", $"netns del {ns}", ignoreFailure: true);
        await RunAsync("ip", $"addr del {SfuAddress}/32 dev lo", ignoreFailure: true);
    }
}
