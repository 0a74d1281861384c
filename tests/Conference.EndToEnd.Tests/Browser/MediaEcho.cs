using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using Conference.Media.Peer;
using Conference.Media.Sctp;

namespace Conference.EndToEnd.Tests.Browser;

/// <summary>
/// Sends everything a browser sends back to it: each RTP packet on its track's LocalSsrc (SSRC rewritten in
/// place, sequence number and timestamp kept), the browser's keyframe requests and NACKs about our echoed SSRC
/// translated to its own SSRC (so it sends keyframes the echo then carries back), and every data-channel message.
/// It can swallow the first video frames (the browser's initial keyframe among them): then the browser can decode
/// the echo only after its keyframe request went through the translation and a new keyframe came back.
/// </summary>
public sealed class MediaEcho
{
    // RFC 4585 §6.1: RTPFB (205) / PSFB (206); FMT 1 = generic NACK resp. PLI. RFC 5104 §4.3.1: PSFB FMT 4 = FIR.
    private const byte TransportFeedback = 205, PayloadFeedback = 206;
    private const int GenericNack = 1, PictureLoss = 1, FullIntraRequest = 4;

    // Our echo SSRC → the browser's SSRC on the same track, learned from the first media packets.
    private readonly ConcurrentDictionary<uint, uint> _remoteSsrcByLocal = new();
    private readonly object _dropGate = new();
    private int _videoFramesToDrop;
    private uint? _droppingTimestamp;

    public long RtpEchoed;
    public long FeedbackTranslated;
    public long MessagesEchoed;

    public long VideoPacketsDropped;

    public static MediaEcho Attach(WebRtcPeer peer, int dropFirstVideoFrames = 0)
    {
        var echo = new MediaEcho { _videoFramesToDrop = dropFirstVideoFrames };
        peer.RtpReceived += echo.OnRtp;
        peer.RtcpReceived += echo.OnRtcp;
        peer.DataChannelOpened += OnChannel;
        return echo;

        void OnChannel(DataChannel channel) =>
            channel.MessageReceived += (isBinary, data) =>
            {
                if (isBinary) channel.Send(data);
                else channel.Send(System.Text.Encoding.UTF8.GetString(data));
                Interlocked.Increment(ref echo.MessagesEchoed);
            };
    }

    private void OnRtp(WebRtcPeer peer, PeerTrack track, ReadOnlySpan<byte> rtp)
    {
        if (rtp.Length < 12) return;
        int payloadType = rtp[1] & 0x7F;
        // Retransmissions (RFC 4588) carry the original sequence number inside: echoing them as media would
        // hand the browser's decoder RTX payloads. The browser's NACKs are forwarded instead (below).
        if (track.Codecs.Any(c => c.PayloadType == payloadType && c.IsRtx)) return;
        _remoteSsrcByLocal.TryAdd(track.LocalSsrc, BinaryPrimitives.ReadUInt32BigEndian(rtp[8..]));
        if (track.Kind == "video" && ShouldDrop(BinaryPrimitives.ReadUInt32BigEndian(rtp[4..])))
        {
            Interlocked.Increment(ref VideoPacketsDropped);
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(rtp.Length);
        try
        {
            rtp.CopyTo(buffer);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), track.LocalSsrc);
            if (peer.SendRtp(buffer.AsSpan(0, rtp.Length))) Interlocked.Increment(ref RtpEchoed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // All packets of one video frame share its RTP timestamp (RFC 3550 §5.1).
    private bool ShouldDrop(uint timestamp)
    {
        lock (_dropGate)
        {
            if (_videoFramesToDrop == 0) return false;
            if (_droppingTimestamp is { } current && current != timestamp && --_videoFramesToDrop == 0) return false;
            _droppingTimestamp = timestamp;
            return true;
        }
    }

    private void OnRtcp(WebRtcPeer peer, ReadOnlySpan<byte> compound)
    {
        byte[] output = ArrayPool<byte>.Shared.Rent(compound.Length);
        int written = 0;
        try
        {
            // RFC 3550 §6.1: packets follow each other, each with a length in 32-bit words minus one.
            for (int offset = 0; offset + 4 <= compound.Length;)
            {
                int length = (BinaryPrimitives.ReadUInt16BigEndian(compound[(offset + 2)..]) + 1) * 4;
                if (offset + length > compound.Length) break;
                var packet = compound.Slice(offset, length);
                offset += length;
                if (TryTranslateFeedback(packet, output.AsSpan(written, length))) written += length;
            }
            if (written > 0 && peer.SendRtcp(output.AsSpan(0, written))) Interlocked.Increment(ref FeedbackTranslated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private bool TryTranslateFeedback(ReadOnlySpan<byte> packet, Span<byte> output)
    {
        if (packet.Length < 12) return false;
        int format = packet[0] & 0x1F;
        byte type = packet[1];
        bool nack = type == TransportFeedback && format == GenericNack;
        bool pli = type == PayloadFeedback && format == PictureLoss;
        bool fir = type == PayloadFeedback && format == FullIntraRequest;
        if (!nack && !pli && !fir) return false;

        packet.CopyTo(output);
        uint senderSsrc = 0;
        bool translated = false;
        if (fir)
        {
            // RFC 5104 §4.3.1.1: the media source field is unused; each 8-byte FCI entry names an SSRC.
            for (int entry = 12; entry + 8 <= packet.Length; entry += 8)
                translated |= Translate(output[entry..], ref senderSsrc);
        }
        else
        {
            translated = Translate(output[8..], ref senderSsrc);
        }
        if (!translated) return false;
        // The request now comes from us, the receiver of the browser's stream.
        BinaryPrimitives.WriteUInt32BigEndian(output[4..], senderSsrc);
        return true;
    }

    private bool Translate(Span<byte> ssrcField, ref uint senderSsrc)
    {
        uint local = BinaryPrimitives.ReadUInt32BigEndian(ssrcField);
        if (!_remoteSsrcByLocal.TryGetValue(local, out uint remote)) return false;
        BinaryPrimitives.WriteUInt32BigEndian(ssrcField, remote);
        senderSsrc = local;
        return true;
    }
}
