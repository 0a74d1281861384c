using System.Buffers.Binary;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Conference.Media.Rtp;
using Conference.Media.Sfu;
using Conference.Media.Srtp;

namespace Conference.Media.Benchmarks;

/// <summary>
/// The SFU hot path for one published 1200-byte VP8 packet fanned out to N subscribers: per subscriber, copy
/// into the send buffer, <see cref="RtpForwarder"/> rewrite, SRTP protect (AES-CM-128-HMAC-SHA1-80, each
/// subscriber its own keys). Baseline: the copies alone. Each invocation advances the source sequence number,
/// as a live stream does.
/// </summary>
[MemoryDiagnoser]
public class ForwardBenchmarks
{
    private const int PacketLength = 1200;
    private const uint SourceSsrc = 0x1234ABCD;

    private readonly byte[] _source = new byte[PacketLength];
    private readonly byte[] _send = new byte[PacketLength + 64];
    private RtpForwarder[] _forwarders = [];
    private SrtpSession[] _srtp = [];
    private ushort _sequence;

    [Params(1, 10, 50)]
    public int Subscribers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_source);
        var writer = new RtpPacketWriter(_source, 96, 0, 90_000, SourceSsrc);
        byte[] payload = new byte[PacketLength - RtpPacket.FixedHeaderLength];
        RandomNumberGenerator.Fill(payload);
        payload[0] = 0x10; // VP8 descriptor S=1 PID=0 (RFC 7741 §4.2)
        payload[1] = 0x01; // P=1: an interframe
        writer.TryComplete(payload, out _);

        _forwarders = new RtpForwarder[Subscribers];
        _srtp = new SrtpSession[Subscribers];
        var map = PayloadTypeMap.Of((96, 98));
        for (int i = 0; i < Subscribers; i++)
        {
            _forwarders[i] = new RtpForwarder(0x5000_0000u + (uint)i, 90000, map, startAtKeyframe: true);
            _srtp[i] = new SrtpSession(SrtpProfile.AesCm128HmacSha1_80, RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(14));
            _source.CopyTo(_send, 0);
            RtpPacket.TryParse(_send.AsSpan(0, PacketLength), out var header);
            if (_forwarders[i].Forward(_send, header, isKeyframe: true) != ForwardResult.Forwarded)
            {
                throw new InvalidOperationException("forwarder did not start");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var session in _srtp) session.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int CopyPerSubscriber()
    {
        NextSequence();
        int sum = 0;
        for (int i = 0; i < Subscribers; i++)
        {
            _source.CopyTo(_send, 0);
            sum += _send[PacketLength - 1];
        }
        return sum;
    }

    [Benchmark]
    public int ForwardPerSubscriber()
    {
        RtpPacket.TryParse(NextSequence(), out var header);
        int sum = 0;
        for (int i = 0; i < Subscribers; i++)
        {
            _source.CopyTo(_send, 0);
            if (_forwarders[i].Forward(_send, header, isKeyframe: false) == ForwardResult.Forwarded) sum++;
        }
        return sum;
    }

    [Benchmark]
    public int ForwardAndProtectPerSubscriber()
    {
        RtpPacket.TryParse(NextSequence(), out var header);
        int sum = 0;
        for (int i = 0; i < Subscribers; i++)
        {
            _source.CopyTo(_send, 0);
            if (_forwarders[i].Forward(_send, header, isKeyframe: false) == ForwardResult.Forwarded &&
                _srtp[i].TryProtectRtp(_send, PacketLength, out int length))
            {
                sum += length;
            }
        }
        return sum;
    }

    private ReadOnlySpan<byte> NextSequence()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_source.AsSpan(2), ++_sequence);
        return _source;
    }
}
