using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Conference.Media.Rtp;

namespace Conference.Media.Benchmarks;

/// <summary>
/// What the SFU does to each received RTP packet before routing: parse the header, find the mid and audio-level
/// extensions. Baseline: reading the same fixed header fields with BinaryPrimitives and no validation.
/// </summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    private const int MidId = 4, AudioLevelId = 1;
    private byte[] _packet = [];

    [GlobalSetup]
    public void Setup()
    {
        var buffer = new byte[1200];
        var writer = new RtpPacketWriter(buffer, 111, 4242, 960_000, 0x1234_5678, marker: true);
        writer.TryAddExtension(AudioLevelId, [0x80 | 30]);
        writer.TryAddExtension(MidId, "0"u8);
        writer.TryComplete(new byte[1100], out var length);
        _packet = buffer[..length];
    }

    [Benchmark(Baseline = true)]
    public uint RawHeaderFields() =>
        BinaryPrimitives.ReadUInt32BigEndian(_packet.AsSpan(8)) ^ BinaryPrimitives.ReadUInt16BigEndian(_packet.AsSpan(2)) ^ (uint)(_packet[1] & 0x7F);

    [Benchmark]
    public int ParseWithExtensions()
    {
        if (!RtpPacket.TryParse(_packet, out var header)) return -1;
        var found = RtpHeaderExtensions.TryGetValue(_packet, header, MidId, out var mid) ? mid.Length : 0;
        found += RtpHeaderExtensions.TryGetValue(_packet, header, AudioLevelId, out var level) ? level[0] : 0;
        return found + (int)header.Ssrc + header.PayloadLength;
    }
}
