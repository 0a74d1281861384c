// A werift peer driven by the .NET interop tests (tests/Conference.EndToEnd.Tests) over JSON lines:
// commands arrive on stdin, events leave on stdout, diagnostics go to stderr. Binary data travels base64.
//
// `node werift-peer.mjs` (offerer): offers an audio and a video sendrecv transceiver and a data channel "interop",
// waits for ICE gathering (loopback host candidates only) and prints {type:"offer", sdp}.
// `node werift-peer.mjs answer` (answerer): waits for {cmd:"offer", sdp}, answers every m-line sendrecv and
// prints {type:"answer", sdp}.
// `node werift-peer.mjs sendonly`: an offerer whose audio and video transceivers are sendonly (an SFU-like offer).
// Commands:
//   {cmd:"answer", sdp}                               → setRemoteDescription (offerer)
//   {cmd:"offer", sdp}                                → setRemoteDescription + answer (answerer)
//   {cmd:"sendRtp", kind, seq, ts, marker, payload}   → one RTP packet on that kind's sender
//   {cmd:"dcSend", label, text} | {cmd:"dcSend", label, binary}
//   {cmd:"addTrack", kind, name}                      → renegotiation: a new sendonly transceiver (sendRtp's `kind`
//                                                       then takes `name`), a new offer printed as {type:"offer", sdp};
//                                                       apply the remote answer with {cmd:"answer"}
//   {cmd:"close"}                                     → close the peer connection and exit
// Events: offer, state (connection state), dtlsState, dcOpen, dcClose, dc (a message), rtp (a received packet),
// error.
import { emit, fail, serveCommands } from "./json-lines.mjs";
import { loopbackPeerConfig } from "./werift-config.mjs";
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RtpHeader,
  RtpPacket,
} from "werift";

const pc = new RTCPeerConnection(loopbackPeerConfig());

const answering = process.argv[2] === "answer";
const offerDirection = process.argv[2] === "sendonly" ? "sendonly" : "sendrecv";
const senders = {};
if (!answering) {
  for (const kind of ["audio", "video"]) {
    const track = new MediaStreamTrack({ kind });
    const transceiver = pc.addTransceiver(track, { direction: offerDirection });
    senders[kind] = transceiver.sender;
  }
}

const channels = new Map();
const watchChannel = (channel) => {
  channels.set(channel.label, channel);
  const opened = () => emit({ type: "dcOpen", label: channel.label });
  if (channel.readyState === "open") opened();
  else channel.stateChanged.subscribe((state) => state === "open" && opened());
  channel.stateChanged.subscribe((state) => state === "closed" && emit({ type: "dcClose", label: channel.label }));
  channel.onMessage.subscribe((data) => {
    if (typeof data === "string") emit({ type: "dc", label: channel.label, text: data });
    else emit({ type: "dc", label: channel.label, binary: Buffer.from(data).toString("base64") });
  });
};
if (!answering) watchChannel(pc.createDataChannel("interop"));
pc.onDataChannel.subscribe(watchChannel);

pc.connectionStateChange.subscribe((state) => emit({ type: "state", state }));
pc.onTrack.subscribe((track) => {
  track.onReceiveRtp.subscribe((rtp) => {
    emit({
      type: "rtp",
      kind: track.kind,
      ssrc: rtp.header.ssrc,
      pt: rtp.header.payloadType,
      seq: rtp.header.sequenceNumber,
      ts: rtp.header.timestamp,
      marker: rtp.header.marker,
      payload: Buffer.from(rtp.payload).toString("base64"),
    });
  });
});

const commands = {
  async answer({ sdp }) {
    await pc.setRemoteDescription({ type: "answer", sdp });
    // BUNDLE: one DTLS transport; "closed" after the remote's close_notify.
    for (const dtls of pc.dtlsTransports) dtls.onStateChange.subscribe((state) => emit({ type: "dtlsState", state }));
  },
  async offer({ sdp }) {
    await pc.setRemoteDescription({ type: "offer", sdp });
    for (const transceiver of pc.getTransceivers()) {
      transceiver.setDirection("sendrecv");
      senders[transceiver.kind] ??= transceiver.sender;
    }
    for (const dtls of pc.dtlsTransports) dtls.onStateChange.subscribe((state) => emit({ type: "dtlsState", state }));
    await pc.setLocalDescription(await pc.createAnswer());
    await waitForGathering();
    emit({ type: "answer", sdp: pc.localDescription.sdp });
  },
  async addTrack({ kind, name }) {
    const transceiver = pc.addTransceiver(new MediaStreamTrack({ kind }), { direction: "sendonly" });
    senders[name ?? kind] = transceiver.sender;
    await pc.setLocalDescription(await pc.createOffer());
    await waitForGathering();
    emit({ type: "offer", sdp: pc.localDescription.sdp });
  },
  async sendRtp({ kind, seq, ts, marker, payload }) {
    const header = new RtpHeader({ sequenceNumber: seq, timestamp: ts, marker: Boolean(marker) });
    await senders[kind].sendRtp(new RtpPacket(header, Buffer.from(payload, "base64")));
  },
  async dcSend({ label, text, binary }) {
    const channel = channels.get(label);
    if (!channel) throw new Error(`no data channel ${label}`);
    channel.send(text !== undefined ? text : Buffer.from(binary, "base64"));
  },
  async close() {
    await pc.close();
    process.exit(0);
  },
};

serveCommands(commands, () => pc.close().finally(() => process.exit(0)));

const waitForGathering = () =>
  new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.iceGatheringStateChange.subscribe((state) => state === "complete" && resolve());
  });

if (!answering) {
  try {
    await pc.setLocalDescription(await pc.createOffer());
    await waitForGathering();
    emit({ type: "offer", sdp: pc.localDescription.sdp });
  } catch (e) {
    fail(`offer: ${e?.stack ?? e}`);
  }
}
