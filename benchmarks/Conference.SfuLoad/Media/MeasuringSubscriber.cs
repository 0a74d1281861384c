using System.Buffers.Binary;
using System.Diagnostics;
using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Media.Sdp;
using Conference.SfuLoad.Measure;
using Conference.SfuLoad.Signaling;

namespace Conference.SfuLoad.Media;

/// <summary>
/// A subscriber: our client answering the SFU's offer and re-offers, counting forwarded packets and the latency the SFU
/// added (receive time minus the send time embedded by the publisher; both ends are in this process). Every SRTP packet
/// is first seen with its RTP header in the clear (counted, sequence numbers checked); 1 in <c>sampleEvery</c> per stream
/// (by sequence number) is then authenticated and decrypted, and its send time read. RTP arrives on the client's receive
/// loop, the only writer of the counters.
/// </summary>
public sealed class MeasuringSubscriber : IAsyncDisposable
{
    private readonly int _sampleEvery;
    private long _windowFrom = long.MaxValue, _windowUntil = long.MaxValue;
    private long _received, _foreign, _retransmissions;
    private long _joinStarted, _connectedAt, _firstPacketAt;
    private bool[] _rtxPayloadTypes = new bool[128];

    private MeasuringSubscriber(ISfuParticipant participant, int sampleEvery, SubscriberReceive receive, System.Net.IPAddress address)
    {
        _sampleEvery = sampleEvery;
        Participant = participant;
        Peer = WebRtcClientPeer.Create(new WebRtcClientOptions
        {
            BindAddress = address, Certificate = ClientCertificate.Shared, SrtpFilter = OnSrtp,
            Batched = receive.Batched, ReceiveGroup = receive.Group, ReceiveOffload = true,
        });
        Peer.RtpReceived += (_, track, packet) => OnRtp(track, packet);
    }

    public WebRtcClientPeer Peer { get; }

    public ISfuParticipant Participant { get; }

    /// <summary>Send-time latency of the decrypted packets sent in the window.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Media packets (RTX excluded) that arrived in the window, counted from their clear headers.</summary>
    public SequenceCounter Arrivals { get; } = new();

    /// <summary>All RTP packets received, in the window or not.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Decrypted packets whose payload did not carry our send time (not from a synthetic publisher, or altered).</summary>
    public long Foreign => Interlocked.Read(ref _foreign);

    /// <summary>RTX packets (retransmissions) received.</summary>
    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    /// <summary>Error of the first offer our client refused, if any.</summary>
    public string? RefusedOffer { get; private set; }

    public static async Task<MeasuringSubscriber> StartAsync(ISfuParticipant participant, System.Net.IPAddress address, long joinStarted,
        ClientConnectTimes times, int sampleEvery, SubscriberReceive receive, CancellationToken cancel)
    {
        var subscriber = new MeasuringSubscriber(participant, sampleEvery, receive, address);
        subscriber._joinStarted = joinStarted;
        try
        {
            long subscribing = Stopwatch.GetTimestamp();
            await participant.SubscribeAsync(subscriber.Answer, cancel);
            long answered = Stopwatch.GetTimestamp();
            times.Add("subscriber", "subscribe", subscribing, answered);
            await subscriber.Peer.Connected.WaitAsync(TimeSpan.FromSeconds(30), cancel);
            subscriber._connectedAt = Stopwatch.GetTimestamp();
            times.Add("subscriber", "connect", answered, subscriber._connectedAt);
            return subscriber;
        }
        catch
        {
            await subscriber.DisposeAsync();
            throw;
        }
    }

    /// <summary>After the step: connected → first packet, and join → first packet (none when nothing arrived).</summary>
    public void RecordFirstPacket(ClientConnectTimes times)
    {
        long first = Interlocked.Read(ref _firstPacketAt);
        times.Add("subscriber", "first_packet", _connectedAt, first);
        times.Add("subscriber", "total", _joinStarted, first);
    }

    public void SetWindow(long from, long until)
    {
        Interlocked.Exchange(ref _windowUntil, until);
        Interlocked.Exchange(ref _windowFrom, from);
    }

    private string? Answer(string offer)
    {
        if (!Peer.TryAcceptOffer(offer, new ClientAnswerOptions(), out string? answer, out string? error))
        {
            RefusedOffer ??= error;
            return null;
        }
        // RTX payload types of what we accepted, for the receive loop (a new array, published whole).
        bool[] rtx = new bool[128];
        foreach (RtpCodec codec in Peer.Tracks.SelectMany(t => t.Codecs).Where(c => c.IsRtx)) rtx[codec.PayloadType & 0x7F] = true;
        Volatile.Write(ref _rtxPayloadTypes, rtx);
        return answer;
    }

    /// <summary>Receive loop, every SRTP packet before authentication: count it, check its sequence, pick the sample.</summary>
    private bool OnSrtp(ReadOnlySpan<byte> packet)
    {
        long now = Stopwatch.GetTimestamp();
        if (Interlocked.Increment(ref _received) == 1) Interlocked.Exchange(ref _firstPacketAt, now);
        if (packet.Length < 12) return true; // SRTP rejects it
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2));
        if (Volatile.Read(ref _rtxPayloadTypes)[packet[1] & 0x7F])
        {
            Interlocked.Increment(ref _retransmissions);
            return false;
        }
        if (now >= Interlocked.Read(ref _windowFrom) && now < Interlocked.Read(ref _windowUntil))
        {
            Arrivals.Record(BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8)), sequence);
        }
        return _sampleEvery == 1 || sequence % _sampleEvery == 0;
    }

    private void OnRtp(PeerTrack track, ReadOnlySpan<byte> packet)
    {
        long now = Stopwatch.GetTimestamp();
        if (!RtpPacket.TryParse(packet, out RtpHeader header)
            || !SyntheticPayloads.TryReadSentAt(header.GetPayload(packet), track.Kind == MediaDescription.Video, out long sentAt))
        {
            Interlocked.Increment(ref _foreign);
            return;
        }
        if (sentAt >= Interlocked.Read(ref _windowFrom) && sentAt < Interlocked.Read(ref _windowUntil)) Latency.Record(now - sentAt);
    }

    public async ValueTask DisposeAsync() => await Peer.DisposeAsync();
}

/// <summary>How subscriber sockets receive: their own loop (batched or not), or a group's shared thread.</summary>
public sealed record SubscriberReceive(bool Batched, Conference.Media.Transport.UdpReceiveGroup? Group);
