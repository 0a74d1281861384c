using Conference.Media.Rtp;

namespace Conference.Media.Sfu.Rooms;

/// <summary>
/// Sees each decrypted publisher RTP packet of a room, on the engine's receive loop (recording hooks in here). It must
/// copy what it keeps and return at once: it runs in the forwarding path. Added and removed through
/// <see cref="SfuRoom.AddTapAsync"/> / <see cref="SfuRoom.RemoveTapAsync"/>.
/// </summary>
public interface ISfuMediaTap
{
    void OnPublisherRtp(string participantId, string trackId, ReadOnlySpan<byte> packet, in RtpHeader header);
}
