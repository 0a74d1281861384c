namespace Conference.Media.Sfu;

/// <summary>
/// Chooses which simulcast layer one subscriber receives: the highest whose bitrate fits the subscriber's
/// bandwidth estimate (and its <see cref="MaxLayer"/>, e.g. for a small tile). The forwarded layer changes
/// only at a keyframe of the target layer, because the subscriber's decoder cannot start a VP8/H264 stream
/// mid-GOP. Layers are referred to by index (low → high) so the per-packet check compares integers; map a
/// packet's rid or SSRC to its index once with <see cref="IndexOf"/>.
/// Not thread-safe.
/// </summary>
public sealed class SimulcastLayerSelector
{
    private readonly SimulcastLayer[] _layers;

    /// <param name="layers">The track's layers, in any order; they are sorted by bitrate.</param>
    /// <param name="upgradeHeadroom">Moving up needs estimate ≥ bitrate × headroom, so an estimate hovering at a
    /// layer's bitrate does not flip between layers (each flip costs a keyframe).</param>
    public SimulcastLayerSelector(IEnumerable<SimulcastLayer> layers, double upgradeHeadroom = 1.1)
    {
        _layers = layers.OrderBy(l => l.Bitrate).ToArray();
        if (_layers.Length == 0) throw new ArgumentException("at least one layer", nameof(layers));
        UpgradeHeadroom = upgradeHeadroom;
        MaxLayer = _layers.Length - 1;
        TargetLayer = 0;
    }

    /// <summary>The forwarded layer is kept while the estimate covers this share of its bitrate.</summary>
    public const double KeepRatio = 0.85;

    public IReadOnlyList<SimulcastLayer> Layers => _layers;
    public double UpgradeHeadroom { get; }

    /// <summary>The layer being forwarded; -1 until the first keyframe of the target.</summary>
    public int CurrentLayer { get; private set; } = -1;

    /// <summary>The layer the estimate asks for.</summary>
    public int TargetLayer { get; private set; }

    /// <summary>Highest layer this subscriber wants regardless of bandwidth (a thumbnail needs no 720p).</summary>
    public int MaxLayer { get; set; }

    /// <summary>True while the target differs from what is forwarded: ask the target layer's publisher stream for a keyframe.</summary>
    public bool NeedsKeyframe => TargetLayer != CurrentLayer;

    public string? CurrentRid => CurrentLayer < 0 ? null : _layers[CurrentLayer].Rid;
    public string TargetRid => _layers[TargetLayer].Rid;

    public int IndexOf(string rid) => Array.FindIndex(_layers, l => l.Rid == rid);

    /// <summary>Layer changes made so far (the first layer chosen is not a switch).</summary>
    public long Switches { get; private set; }

    /// <summary>Of <see cref="Switches"/>, those whose target the estimate moved (the others followed <see cref="MaxLayer"/>: the view).</summary>
    public long BandwidthSwitches { get; private set; }

    private int _lastMaxLayer = -1;
    private bool _targetForBandwidth;

    /// <summary>
    /// Replaces a layer's bitrate with what the publisher actually sends on it (measured per second); the index order
    /// stays the one the layers were sorted into at construction (low → high resolution).
    /// </summary>
    public void SetBitrate(int layer, ulong bitrate)
    {
        if ((uint)layer < (uint)_layers.Length && bitrate > 0) _layers[layer] = _layers[layer] with { Bitrate = bitrate };
    }

    /// <summary>Updates the target from a bandwidth estimate; returns the target layer index.</summary>
    public int OnEstimate(ulong availableBitrate)
    {
        int target = 0; // the lowest layer is always sent: a frozen tile is worse than a blurry one
        int top = Math.Clamp(MaxLayer, 0, _layers.Length - 1);
        for (int i = 1; i <= top; i++)
        {
            // Up needs headroom; the layer being forwarded is kept down to KeepRatio of its rate (layer rates swing by
            // ±20 % from second to second, and every switch costs a keyframe).
            double needed = i > CurrentLayer ? _layers[i].Bitrate * UpgradeHeadroom
                : i == CurrentLayer ? _layers[i].Bitrate * KeepRatio : _layers[i].Bitrate;
            if (availableBitrate >= needed) target = i;
        }
        // Why the target moved: a changed view cap, or (same cap) the estimate.
        if (target != TargetLayer) _targetForBandwidth = top == _lastMaxLayer;
        _lastMaxLayer = top;
        TargetLayer = target;
        return target;
    }

    /// <summary>
    /// Per packet: whether a packet of layer <paramref name="layer"/> goes to this subscriber. A keyframe of the
    /// target layer makes it the current one (from that packet on); before anything is forwarded (or after
    /// <see cref="Restart"/>) a keyframe of any layer up to the target starts the stream, so the subscriber has a
    /// picture at once and climbs to the target at its next keyframe.
    /// </summary>
    public bool ShouldForward(int layer, bool isKeyframe)
    {
        if (isKeyframe && WantsKeyframe(layer))
        {
            if (CurrentLayer >= 0)
            {
                Switches++;
                if (_targetForBandwidth) BandwidthSwitches++;
            }
            CurrentLayer = layer;
        }
        return layer == CurrentLayer;
    }

    /// <summary>Whether a keyframe of this layer would be used now: ask the publisher for one when it is.</summary>
    public bool WantsKeyframe(int layer) =>
        CurrentLayer != TargetLayer && (layer == TargetLayer || (CurrentLayer < 0 && layer < TargetLayer));

    /// <summary>Forgets the forwarded layer (a paused subscription resumes): it starts again at the next usable keyframe.</summary>
    public void Restart() => CurrentLayer = -1;
}
