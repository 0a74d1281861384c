using System.Net;
using System.Net.Sockets;

namespace Conference.Server.Webhooks;

/// <summary>
/// Which addresses a webhook may connect to: by default only public ones, so a project owner cannot make the
/// server call into its own network (SSRF). Checked on the address actually connected to, after DNS, so a name
/// that resolves to a private address (or is re-pointed there later) is refused too.
/// </summary>
public static class PublicAddresses
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal);
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return !(b[0] == 10                                   // RFC 1918
            || (b[0] == 172 && (b[1] & 0xF0) == 16)           // RFC 1918
            || (b[0] == 192 && b[1] == 168)                   // RFC 1918
            || (b[0] == 169 && b[1] == 254)                   // RFC 3927 link-local (cloud metadata endpoints)
            || (b[0] == 100 && (b[1] & 0xC0) == 64)           // RFC 6598 shared address space
            || b[0] == 0 || b[0] >= 224);                     // "this network", multicast, reserved
    }
}

/// <summary>The receiver's address is not one webhooks may reach (see <see cref="PublicAddresses"/>).</summary>
public sealed class WebhookAddressRefusedException(string host) : IOException($"'{host}' resolves only to private or local addresses.");
