using Conference.Media.Recording;
using Conference.Media.Rtp;

namespace Conference.Media.Sfu.Rooms;

/// <summary>A published track as the recorder needs it: who publishes it, the room's record, and the codec it arrives in.</summary>
public sealed record SfuForwardedTrack(string ParticipantId, SfuTrackInfo Info, string Codec, int ClockRate, int Channels);

/// <summary>What the recorder (issue 16) needs from the room besides its tap: the tracks, and keyframes on request.</summary>
public sealed partial class SfuRoom
{
    /// <summary>The tracks being forwarded now, with the codec each publisher sends (the first of our answer).</summary>
    public Task<IReadOnlyList<SfuForwardedTrack>> ForwardedTracksAsync() => _engine.InvokeAsync<IReadOnlyList<SfuForwardedTrack>>(() =>
        _participants.Values.SelectMany(p => p.Published.Values.Select(t =>
        {
            var media = NegotiatedCodecs.MediaPayloadTypes(t.Section.Codecs);
            var codec = t.Section.Codecs.First(c => media.Contains(c.PayloadType));
            return new SfuForwardedTrack(p.Id, t.Info, codec.Name, (int)codec.ClockRate, codec.Channels ?? 0);
        })).ToList());

    /// <summary>Loop only (from a tap): asks the publisher of the track for a keyframe on that SSRC, rate-limited per stream.</summary>
    internal void RequestKeyframe(string participantId, string trackId, uint ssrc)
    {
        if (_participants.GetValueOrDefault(participantId)?.Published.GetValueOrDefault(trackId) is { } track
            && track.Fanout.FindStream(ssrc) is { } stream)
            track.Fanout.RequestKeyframe(stream);
    }
}

/// <summary>
/// The room's tap into a <see cref="RoomRecording"/>: on the receive loop each publisher packet is copied into its
/// track's bounded queue; a recorder waiting for a keyframe (start, loss, new source) gets one asked for.
/// </summary>
public sealed class SfuRecordingTap(SfuRoom room, RoomRecording recording) : ISfuMediaTap
{
    public RoomRecording Recording => recording;

    public void OnPublisherRtp(string participantId, string trackId, ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        if (recording.OnRtp(trackId, packet)) room.RequestKeyframe(participantId, trackId, header.Ssrc);
    }
}
