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

    public static async Task<MeasuringSubscriber> StartAsync(ISfuParticipant participant, System.Net.IPAddress address, CancellationToken cancel)
    {
        var subscriber = new MeasuringSubscriber(WebRtcClientPeer.Create(new WebRtcClientOptions { BindAddress = address }), participant);
        try
        {
            await participant.SubscribeAsync(subscriber.Answer, cancel);
            await subscriber.Peer.Connected.WaitAsync(TimeSpan.FromSeconds(30), cancel);
            return subscriber;
        }
        catch
        {
            await subscriber.DisposeAsync();
            throw;
        }
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
        Interlocked.Increment(ref _received);
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
