using Conference.Media.Recording;
using Conference.Media.Rtp;

namespace Conference.Media.Sfu.Rooms;

/// <summary>A published track as the recorder needs it: who publishes it, the room's record, and the codec it arrives in.</summary>
public sealed record SfuForwardedTrack(string ParticipantId, SfuTrackInfo Info, string Codec, int ClockRate, int Channels);

/// <summary>
/// The recording tap (issue 16): while <see cref="Recording"/> is set, every received (decrypted) RTP packet of a
/// forwarded track is also handed to it, on the receive loop that owns the publisher, before anything else reads it
/// again. The recording copies it into a bounded queue; its writer thread does the rest.
/// </summary>
public sealed partial class SfuRoom
{
    private RoomRecording? _recording;

    /// <summary>Set by the room's controller (its media grain) to start or stop handing packets to a recording.</summary>
    public RoomRecording? Recording
    {
        get => Volatile.Read(ref _recording);
        set => Volatile.Write(ref _recording, value);
    }

    /// <summary>The tracks being forwarded now, with the codec each publisher sends (the first of our answer).</summary>
    public IReadOnlyList<SfuForwardedTrack> ForwardedTracks() =>
        _participants.Values.SelectMany(p => p.Published.Values.Select(t =>
        {
            var media = NegotiatedCodecs.MediaPayloadTypes(t.Section.Codecs);
            var codec = t.Section.Codecs.First(c => media.Contains(c.PayloadType));
            return new SfuForwardedTrack(p.Id, t.Info, codec.Name, (int)codec.ClockRate, codec.Channels ?? 0);
        })).ToList();

    /// <summary>Receive loop: the tap. A recorder waiting for a keyframe gets one asked for (rate-limited per stream).</summary>
    internal void Record(ForwardedTrack track, ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        if (Volatile.Read(ref _recording) is not { } recording || !recording.OnRtp(track.Info.TrackId, packet)) return;
        if (track.Fanout.FindStream(header.Ssrc) is { } stream) track.Fanout.RequestKeyframe(stream);
    }
}
