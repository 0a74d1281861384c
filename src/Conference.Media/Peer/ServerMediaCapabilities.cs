using Conference.Media.Rtp;
using Conference.Media.Sdp;

namespace Conference.Media.Peer;

/// <summary>
/// What the engine accepts per section kind. An SFU forwards payloads untouched, so it accepts every codec
/// browsers send (Opus, VP8, VP9, H264, AV1, with RTX and audio RED); codecs and header extensions are matched
/// by name/parameters and URI, never by payload type or id (RFC 3264 §6.1, RFC 8285 §5).
/// </summary>
internal static class ServerMediaCapabilities
{
    // No transport-cc: we send no transport-wide feedback, and a browser that negotiated it would estimate from that
    // alone and never ramp up. With goog-remb its bitrate follows our REMB (the subscribers' estimates).
    private static readonly string[] s_videoFeedback = ["goog-remb", "ccm fir", "nack", "nack pli"];

    public static LocalMediaCapabilities Audio()
    {
        var local = new LocalMediaCapabilities();
        var opus = new RtpCodec(111, "opus", 48000, 2);
        // RFC 7587 §6.1: what we (the SFU, for the browsers it forwards to) can receive: 10 ms frames and in-band FEC.
        opus.SetFormatParameters("minptime=10;useinbandfec=1");
        opus.Feedback.Add("nack");
        local.Codecs.Add(opus);
        local.Codecs.Add(new RtpCodec(63, "red", 48000, 2));
        local.HeaderExtensionUris.AddRange(
            [RtpExtensionUris.AudioLevel, RtpExtensionUris.AbsSendTime, RtpExtensionUris.Mid]);
        return local;
    }

    public static LocalMediaCapabilities Video(bool acceptSimulcast)
    {
        var local = new LocalMediaCapabilities { AcceptSimulcast = acceptSimulcast };
        local.Codecs.Add(WithFeedback(new RtpCodec(96, "VP8", 90000)));
        foreach (string profile in new[] { "0", "2" })
        {
            var vp9 = WithFeedback(new RtpCodec(98, "VP9", 90000));
            vp9.Parameters["profile-id"] = profile;
            local.Codecs.Add(vp9);
        }
        // RFC 6184 §8.2.2: profile and packetization-mode must match; levels may differ.
        foreach (string profileLevelId in new[] { "42e01f", "42001f", "4d001f", "64001f" })
        {
            foreach (string mode in new[] { "1", "0" })
            {
                var h264 = WithFeedback(new RtpCodec(102, "H264", 90000));
                h264.Parameters["level-asymmetry-allowed"] = "1";
                h264.Parameters["packetization-mode"] = mode;
                h264.Parameters["profile-level-id"] = profileLevelId;
                local.Codecs.Add(h264);
            }
        }
        var av1 = WithFeedback(new RtpCodec(45, "AV1", 90000));
        local.Codecs.Add(av1);
        local.Codecs.Add(new RtpCodec(97, "rtx", 90000));
        local.HeaderExtensionUris.AddRange(
        [
            RtpExtensionUris.AbsSendTime, RtpExtensionUris.Mid,
            RtpExtensionUris.RtpStreamId, RtpExtensionUris.RepairedRtpStreamId, RtpExtensionUris.TransmissionTimeOffset,
            RtpExtensionUris.VideoOrientation, RtpExtensionUris.PlayoutDelay,
        ]);
        return local;
    }

    public static LocalMediaCapabilities DataChannels(int maxMessageSize) =>
        new() { SctpPort = 5000, MaxMessageSize = (ulong)maxMessageSize };

    private static RtpCodec WithFeedback(RtpCodec codec)
    {
        codec.Feedback.AddRange(s_videoFeedback);
        return codec;
    }
}
