using Conference.Media.Peer;

namespace Conference.Grains.Media;

/// <summary>This silo's media engine, set by the host when the silo has the `sfu` role; media grains use it.</summary>
public sealed class SfuEngine
{
    public MediaEngine? Engine { get; set; }
}
