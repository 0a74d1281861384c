// The RTCPeerConnection configuration every werift peer of the tests uses (tests/interop/*.mjs).
import { RTCRtpCodecParameters } from "werift";

export const loopbackPeerConfig = () => ({
  // REAL-PEERS.md: werift gathers nothing usable on loopback without these.
  iceAdditionalHostAddresses: ["127.0.0.1"],
  iceUseIpv6: false,
  iceUseTcp: false,
  // With no STUN server werift falls back to a public one (lib/ice/src/ice.js DEFAULT_STUN_SERVER): name a
  // loopback port where nothing listens instead, so not even a DNS lookup leaves the machine.
  iceServers: [{ urls: "stun:127.0.0.1:9" }],
  iceStunGatherTimeout: 0.1,   // seconds; that server never answers
  // Announced as a=max-message-size; the tests send messages larger than 64 KiB (up to 200 KiB).
  maxMessageSize: 262144,
  codecs: {
    audio: [new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2 })],
    video: [
      new RTCRtpCodecParameters({
        mimeType: "video/VP8",
        clockRate: 90000,
        rtcpFeedback: [{ type: "nack" }, { type: "nack", parameter: "pli" }, { type: "ccm", parameter: "fir" }],
      }),
    ],
  },
});
