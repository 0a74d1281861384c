using System.Diagnostics;
using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Media.Sdp;
using Conference.SfuLoad.Measure;
using Conference.SfuLoad.Signaling;

namespace Conference.SfuLoad.Media;

/// <summary>
/// A subscriber: our client answering the SFU's offer and re-offers, counting forwarded packets and the latency the SFU
/// added (receive time minus the send time embedded by the publisher; both ends are in this process). RTP arrives on the
/// client's receive loop, the only writer of the counters.
/// </summary>
public sealed class MeasuringSubscriber : IAsyncDisposable
{
    private long _windowFrom = long.MaxValue, _windowUntil = long.MaxValue;
    private long _received, _foreign;
    private long _joinStarted, _connectedAt, _firstPacketAt;

    private MeasuringSubscriber(WebRtcClientPeer peer, ISfuParticipant participant)
    {
        Peer = peer;
        Participant = participant;
        peer.RtpReceived += (_, track, packet) => OnRtp(track, packet);
    }

    public WebRtcClientPeer Peer { get; }

    public ISfuParticipant Participant { get; }

    public LatencyHistogram Latency { get; } = new();

    /// <summary>Packets received whose send time fell in the measured window.</summary>
    public long ReceivedInWindow => Latency.Count;

    /// <summary>All RTP packets received, in the window or not.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Packets whose payload did not carry our send time (not from a synthetic publisher, or altered).</summary>
    public long Foreign => Interlocked.Read(ref _foreign);

    /// <summary>Error of the first offer our client refused, if any.</summary>
    public string? RefusedOffer { get; private set; }

    public static async Task<MeasuringSubscriber> StartAsync(ISfuParticipant participant, System.Net.IPAddress address, long joinStarted,
        ClientConnectTimes times, CancellationToken cancel)
    {
        var subscriber = new MeasuringSubscriber(
            WebRtcClientPeer.Create(new WebRtcClientOptions { BindAddress = address, Certificate = ClientCertificate.Shared }), participant);
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
        if (Peer.TryAcceptOffer(offer, new ClientAnswerOptions(), out string? answer, out string? error)) return answer;
        RefusedOffer ??= error;
        return null;
    }

    private void OnRtp(PeerTrack track, ReadOnlySpan<byte> packet)
    {
        long now = Stopwatch.GetTimestamp();
        if (Interlocked.Increment(ref _received) == 1) Interlocked.Exchange(ref _firstPacketAt, now);
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
