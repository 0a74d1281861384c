using System.Globalization;

namespace Conference.Media.Sctp;

/// <summary>
/// The SDP attributes of an SCTP-over-DTLS m-line (RFC 8841): <c>a=sctp-port</c> and
/// <c>a=max-message-size</c>. Values only; the Sdp layer owns the line syntax.
/// </summary>
public static class SctpSdpAttributes
{
    public const string SctpPort = "sctp-port";
    public const string MaxMessageSize = "max-message-size";

    /// <summary>RFC 8841 §5.2: without a=sctp-port the port is 5000.</summary>
    public const ushort DefaultPort = 5000;

    /// <summary>RFC 8841 §6.1: without a=max-message-size the peer accepts 64 KiB.</summary>
    public const int DefaultMaxMessageSize = 65536;

    /// <summary>Parses an a=sctp-port value (1..65535, RFC 8841 §5.1). Never throws.</summary>
    public static bool TryParsePort(ReadOnlySpan<char> value, out ushort port)
    {
        port = 0;
        if (!ushort.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ushort parsed) || parsed == 0)
            return false;
        port = parsed;
        return true;
    }

    /// <summary>Parses an a=max-message-size value; 0 means "any size" (RFC 8841 §6.1). Never throws.</summary>
    public static bool TryParseMaxMessageSize(ReadOnlySpan<char> value, out long size) =>
        long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out size);

    /// <summary>
    /// The largest message we may send (for <see cref="SctpAssociationOptions.MaxSendMessageSize"/>): the
    /// peer's announced limit (absent: 64 KiB, 0: unlimited), capped by <paramref name="localLimit"/>.
    /// </summary>
    public static int EffectiveMaxMessageSize(long? remoteMaxMessageSize, int localLimit) => remoteMaxMessageSize switch
    {
        null => Math.Min(DefaultMaxMessageSize, localLimit),
        0 => localLimit,
        long remote => (int)Math.Min(remote, localLimit),
    };

    public static string FormatPort(ushort port) => port.ToString(CultureInfo.InvariantCulture);

    public static string FormatMaxMessageSize(long size) => size.ToString(CultureInfo.InvariantCulture);
}
