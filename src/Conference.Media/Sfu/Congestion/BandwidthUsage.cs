namespace Conference.Media.Sfu.Congestion;

/// <summary>The over-use detector's verdict on the path's queue (draft-ietf-rmcat-gcc-02 §5.4).</summary>
public enum BandwidthUsage
{
    Normal,
    Underusing,
    Overusing,
}
