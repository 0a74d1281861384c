using Conference.Media.Sfu.Congestion;

namespace Conference.Media.Sfu.Rooms;

/// <summary>The size a subscriber displays a video track at, in device pixels; <see cref="Hidden"/> when not shown at all.</summary>
public readonly record struct VideoView(int Width, int Height)
{
    public static VideoView Hidden => default;

    public bool IsHidden => Width <= 0 || Height <= 0;
}

/// <summary>
/// The subscriber side's layer choice: each simulcast subscription gets the highest layer that fits both the size the
/// subscriber shows it at (<see cref="Views"/>) and its share of the subscriber's bandwidth estimate. Loop only.
/// </summary>
internal sealed partial class SfuParticipant
{
    /// <summary>What each audio subscription is assumed to need (Opus with FEC at most): reserved before video is shared out.</summary>
    internal const ulong AudioReserve = 64_000;

    private static readonly long s_allocationInterval = System.Diagnostics.Stopwatch.Frequency / 2;
    private long _lastAllocation;

    /// <summary>Room track id → how this participant shows it (from SetVideoView); kept across subscriber reconnects.</summary>
    public Dictionary<string, VideoView> Views { get; } = new(StringComparer.Ordinal);

    /// <summary>The estimate the layers were last chosen for (metrics); 0 before the first allocation.</summary>
    public ulong AllocatedEstimate { get; private set; }

    public bool IsHidden(string trackId) => Views.TryGetValue(trackId, out var view) && view.IsHidden;

    /// <summary>
    /// The highest layer this participant's view of a track needs regardless of bandwidth: the lowest layer at least as
    /// wide or as tall as the view (the video is fitted inside its tile); the top layer while sizes are unknown.
    /// </summary>
    public int ViewLayer(ForwardedTrack track)
    {
        var fanout = track.Fanout;
        int top = fanout.LayerRids.Count - 1;
        if (!Views.TryGetValue(track.Info.TrackId, out var view)) return top;
        if (view.IsHidden) return -1;
        var highest = fanout.FindLayer(top);
        for (int i = 0; i < top; i++)
        {
            var stream = fanout.FindLayer(i);
            int width = stream?.Width ?? 0, height = stream?.Height ?? 0;
            if (width == 0 && highest is { Width: > 0 })
            {
                // Not seen yet (paused at the publisher): each step down halves the size, as the web client encodes.
                width = highest.Width >> (top - i);
                height = highest.Height >> (top - i);
            }
            if (width == 0) return top;
            if (width >= view.Width || height >= view.Height) return i;
        }
        return top;
    }

    /// <summary>
    /// At most twice a second (on the subscriber's RTCP): audio's reserve and the non-simulcast video's measured rate
    /// come off the estimate first, the rest is shared equally among the visible simulcast subscriptions, each capped
    /// by its view. When the views want more than the estimate, a probe may start (<see cref="ProbeController"/>).
    /// Allocation-free: it runs on the receive loop.
    /// </summary>
    private void AllocateLayers(SubscriberSink sink, long nowUs)
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (now - _lastAllocation < s_allocationInterval) return;
        _lastAllocation = now;
        ulong estimate = sink.Estimate;
        AllocatedEstimate = estimate;
        room.Counters.SubscriberEstimate?.Record(estimate);

        var entries = Volatile.Read(ref _subscriptionSnapshot);
        double budget = estimate, wanted = 0;
        int simulcast = 0;
        NackResponder? probeStream = null;
        foreach (var entry in entries)
        {
            if (entry.Subscription.IsPaused) continue;
            var fanout = entry.Track.Fanout;
            if (!fanout.Options.IsVideo)
            {
                budget -= AudioReserve;
                wanted += AudioReserve;
                continue;
            }
            if (probeStream is null && entry.Subscription.Nacks.Rtx is not null && entry.Subscription.Forwarder.PacketsForwarded > 0)
                probeStream = entry.Subscription.Nacks;
            if (entry.Subscription.Layers is not { } layers)
            {
                double rate = fanout.FindLayer(0)?.Bitrate ?? 0;
                budget -= rate;
                wanted += rate;
                continue;
            }
            simulcast++;
            int view = Math.Max(0, ViewLayer(entry.Track));
            // What the layer measured, or its nominal rate while it has not been seen (paused at the publisher).
            ulong measured = fanout.FindLayer(view)?.Bitrate ?? 0;
            wanted += measured > 0 ? measured : layers.Layers[Math.Min(view, layers.Layers.Count - 1)].Bitrate;
        }
        sink.ProbeStream = probeStream;
        if (sink.TransportCcExtensionId != 0 && sink.Congestion.FeedbackCount > 0 && probeStream is not null)
        {
            var congestion = sink.Congestion;
            // The estimate counts wire bytes (headers, SRTP tag); layer rates are RTP payload rates: allow ~10 %.
            if (congestion.Probes.TryStart(wanted * 1.1, estimate, congestion.Options.MaxBitrate, congestion.Usage, congestion.LastDecreaseUs, nowUs))
            {
                room.Counters.ProbeStarted();
                sink.PaceProbe(nowUs);
            }
        }
        if (simulcast == 0) return;
        ulong share = (ulong)Math.Max(0, budget / simulcast);
        foreach (var entry in entries)
        {
            if (entry.Subscription.Layers is not { } layers) continue;
            if (layers.Switches != entry.Subscription.CountedSwitches)
            {
                room.Counters.LayerSwitched(layers.Switches - entry.Subscription.CountedSwitches);
                room.Counters.BandwidthLayerSwitched(layers.BandwidthSwitches - entry.Subscription.CountedBandwidthSwitches);
                entry.Subscription.CountedSwitches = layers.Switches;
                entry.Subscription.CountedBandwidthSwitches = layers.BandwidthSwitches;
            }
            if (entry.Subscription.IsPaused) continue;
            var fanout = entry.Track.Fanout;
            for (int i = 0; i < layers.Layers.Count; i++) layers.SetBitrate(i, fanout.FindLayer(i)?.Bitrate ?? 0);
            layers.MaxLayer = Math.Max(0, ViewLayer(entry.Track));
            layers.OnEstimate(share);
        }
    }

    private long _countedDelayDecreases, _countedLossDecreases, _countedProbeIncreases;

    /// <summary>Adds this subscriber's estimate changes since the last look to the room's counters.</summary>
    private void CountEstimateChanges(TransportCcEstimator congestion)
    {
        room.Counters.EstimateChanges(congestion.DelayDecreases - _countedDelayDecreases,
            congestion.LossDecreases - _countedLossDecreases, congestion.ProbeIncreases - _countedProbeIncreases);
        _countedDelayDecreases = congestion.DelayDecreases;
        _countedLossDecreases = congestion.LossDecreases;
        _countedProbeIncreases = congestion.ProbeIncreases;
    }

    /// <summary>Applies a view change now (not at the next allocation): pause or resume, and the new cap.</summary>
    public void ApplyView(string trackId)
    {
        if (!Subscriptions.TryGetValue(trackId, out var entry)) return;
        ApplyPause(entry);
        if (entry.Subscription.Layers is { } layers && !IsHidden(trackId))
        {
            layers.MaxLayer = ViewLayer(entry.Track);
            layers.OnEstimate(SubscriberSink?.Estimate ?? 0);
            _lastAllocation = 0; // share the estimate out again at the next report
        }
    }
}
