using System.Net.NetworkInformation;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// WebRTC peers gather candidates on every interface and send mDNS; traffic must not leave this machine.
/// These tests therefore run only in a network namespace whose sole interface is loopback
/// (tests/run.sh: <c>unshare -n sh -c 'ip link set lo up &amp;&amp; exec "$@"' sh dotnet test ...</c>).
/// </summary>
public static class LoopbackNamespace
{
    public static bool IsInside { get; } = Detect();

    public const string SkipReason =
        "WebRTC interop runs only inside a loopback-only network namespace (non-loopback interfaces are up here); " +
        "run: unshare -n sh -c 'ip link set lo up && exec \"$@\"' sh dotnet test ... --filter Category=Browser";

    private static bool Detect()
    {
        var interfaces = NetworkInterface.GetAllNetworkInterfaces();
        return interfaces.Length > 0 && interfaces.All(i => i.NetworkInterfaceType == NetworkInterfaceType.Loopback);
    }
}

/// <summary>A fact that runs only inside a loopback-only network namespace and is skipped elsewhere.</summary>
public sealed class LoopbackNamespaceFactAttribute : FactAttribute
{
    public LoopbackNamespaceFactAttribute()
    {
        if (!LoopbackNamespace.IsInside) Skip = LoopbackNamespace.SkipReason;
    }
}

/// <summary>A theory that runs only inside a loopback-only network namespace and is skipped elsewhere.</summary>
public sealed class LoopbackNamespaceTheoryAttribute : TheoryAttribute
{
    public LoopbackNamespaceTheoryAttribute()
    {
        if (!LoopbackNamespace.IsInside) Skip = LoopbackNamespace.SkipReason;
    }
}
