namespace Conference.Media.Sctp;

/// <summary>SCTP payload protocol identifiers used by WebRTC (RFC 8831 §8, RFC 8832 §8.1).</summary>
public static class WebRtcPpid
{
    public const uint Dcep = 50;
    public const uint String = 51;
    public const uint BinaryPartial = 52; // deprecated, accepted on receive
    public const uint Binary = 53;
    public const uint StringPartial = 54; // deprecated, accepted on receive
    public const uint StringEmpty = 56;
    public const uint BinaryEmpty = 57;
}
