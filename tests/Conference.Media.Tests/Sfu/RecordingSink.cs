using Conference.Media.Sfu;

namespace Conference.Media.Tests.Sfu;

internal sealed class RecordingSink : IMediaSink
{
    public List<byte[]> Rtp { get; } = [];
    public List<byte[]> Rtcp { get; } = [];

    public bool SendRtp(ReadOnlySpan<byte> packet)
    {
        Rtp.Add(packet.ToArray());
        return true;
    }

    public bool SendRtcp(ReadOnlySpan<byte> packet)
    {
        Rtcp.Add(packet.ToArray());
        return true;
    }
}

/// <summary>Counts without keeping anything, for allocation tests.</summary>
internal sealed class CountingSink : IMediaSink
{
    public long RtpPackets;
    public long RtcpPackets;

    public bool SendRtp(ReadOnlySpan<byte> packet)
    {
        RtpPackets++;
        return true;
    }

    public bool SendRtcp(ReadOnlySpan<byte> packet)
    {
        RtcpPackets++;
        return true;
    }
}
