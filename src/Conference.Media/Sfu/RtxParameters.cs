namespace Conference.Media.Sfu;

/// <summary>
/// The subscriber's RTX stream (RFC 4588 §8.6: a=ssrc-group:FID and rtx "apt"): its SSRC, and for each
/// subscriber media payload type the rtx payload type whose apt names it.
/// </summary>
public sealed record RtxParameters(uint Ssrc, PayloadTypeMap MediaToRtxPayloadType);
