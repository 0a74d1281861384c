namespace Conference.Media.Sfu;

/// <summary>What <see cref="RtpForwarder.Forward"/> did with a packet.</summary>
public enum ForwardResult
{
    /// <summary>Rewritten in place; send it to the subscriber.</summary>
    Forwarded,

    /// <summary>A video stream starts (or switches source) only at a keyframe; ask the publisher for one.</summary>
    WaitingForKeyframe,

    /// <summary>A late packet of a source older than the current switch point: its output number is already taken.</summary>
    BeforeSwitchPoint,

    /// <summary>The subscriber did not negotiate this payload type.</summary>
    UnmappedPayloadType,
}
