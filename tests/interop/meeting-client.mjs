// A meeting participant built on werift 0.25.2 (a WebRTC implementation independent of Chromium and of ours),
// speaking the /hubs/conference protocol (docs/protocol.md) with the same raw-WebSocket SignalR client as the
// browser test page (tests/Conference.EndToEnd.Tests/Meetings/hub-connection.js). Run with
// `node --experimental-websocket meeting-client.mjs` (Node 20 has a WebSocket only behind that flag).
//
// Media: werift has no encoder, so it publishes what it receives: the first camera (and microphone) it gets on
// its subscriber connection is sent again on its own publisher tracks, and a keyframe request the SFU sends to
// its camera is passed on (PLI) to the SFU for the camera it relays. A Chromium peer thus decodes video that
// travelled Chromium → SFU → werift → SFU → Chromium.
//
// Commands (JSON lines on stdin): {cmd:"join", hubUrl, token, roomId}, {cmd:"dcSend", label, text|binary(base64)},
// {cmd:"leave"}. Events (JSON lines on stdout): joined, state, hub (a hub event), stats (RTP received per
// subscriber section), dcOpen, dc (text, or binary size + FNV-1a hash), relayed, error.
import { readFile } from "node:fs/promises";
import { emit, fail, serveCommands } from "./json-lines.mjs";
import { loopbackPeerConfig } from "./werift-config.mjs";
import { MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket } from "werift";

const hubSource = await readFile(new URL("../Conference.EndToEnd.Tests/Meetings/hub-connection.js", import.meta.url), "utf8");
const HubConnection = new Function(`${hubSource}\nreturn HubConnection;`)();

// One entry per m-section: mid, port, msid stream (participant id) and track (room track id).
const sections = (sdp) =>
  sdp.split(/\r?\n(?=m=)/).slice(1).map((s) => ({
    kind: s.slice(2, s.indexOf(" ")),
    port: Number(/^m=\S+ (\d+)/.exec(s)?.[1] ?? 0),
    mid: /\r?\na=mid:(\S+)/.exec(s)?.[1],
    stream: /\r?\na=msid:(\S+) (\S+)/.exec(s)?.[1],
    track: /\r?\na=msid:(\S+) (\S+)/.exec(s)?.[2],
  }));

const fnv1a = (bytes) => {
  let hash = 0x811c9dc5;
  for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  return hash;
};

const gathered = (pc) =>
  new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.iceGatheringStateChange.subscribe((state) => state === "complete" && resolve());
  });

let hub, pub, sub;
const senders = {};            // kind → publisher RTCRtpSender
const channels = new Map();    // label → publisher data channel
const received = new Map();    // mid → {mid, kind, participantId, trackId, packets, bytes}
const relaying = {};           // kind → {mid, ssrc, receiver} of the track werift republishes
let offers = Promise.resolve();

function watchChannel(channel) {
  channel.stateChanged.subscribe((state) => state === "open" && emit({ type: "dcOpen", label: channel.label }));
  channel.onMessage.subscribe((data) => {
    if (typeof data === "string") emit({ type: "dc", label: channel.label, kind: "text", text: data });
    else emit({ type: "dc", label: channel.label, kind: "binary", size: data.length, hash: fnv1a(data) });
  });
}

async function publish() {
  pub = new RTCPeerConnection(loopbackPeerConfig());
  pub.connectionStateChange.subscribe((state) => emit({ type: "state", connection: "publisher", state }));
  for (const kind of ["audio", "video"]) {
    senders[kind] = pub.addTransceiver(new MediaStreamTrack({ kind }), { direction: "sendonly" }).sender;
    // The SFU asks for a keyframe (a subscriber joined): pass it on to the camera werift relays.
    senders[kind].onPictureLossIndication.subscribe(() => {
      const source = relaying[kind];
      if (source) source.receiver.sendRtcpPLI(source.ssrc).catch((e) => fail(`PLI: ${e}`));
    });
  }
  for (const [label, init] of [["reliable", {}], ["lossy", { ordered: false, maxRetransmits: 0 }]]) {
    const channel = pub.createDataChannel(label, init);
    channels.set(label, channel);
    watchChannel(channel);
  }
  await pub.setLocalDescription(await pub.createOffer());
  await gathered(pub);
  const offer = pub.localDescription.sdp;
  // PublishTrack before PublishOffer, naming the track id the offer's a=msid carries.
  for (const section of sections(offer).filter((s) => s.kind === "audio" || s.kind === "video")) {
    await hub.invoke("PublishTrack", {
      kind: section.kind, source: section.kind === "audio" ? "microphone" : "camera", clientTrackId: section.track,
    });
  }
  await pub.setRemoteDescription({ type: "answer", sdp: await hub.invoke("PublishOffer", offer) });
}

async function subscribe() {
  sub = new RTCPeerConnection(loopbackPeerConfig());
  sub.connectionStateChange.subscribe((state) => emit({ type: "state", connection: "subscriber", state }));
  sub.onDataChannel.subscribe(watchChannel);
  // Transceivers made by setRemoteDescription (one per section the SFU offers).
  sub.onRemoteTransceiverAdded.subscribe((transceiver) => {
    transceiver.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => onRtp(transceiver, rtp)));
  });
  answer(await hub.invoke("Subscribe"));
}

// Serialized like the server's offers: answer each in turn.
function answer(offer) {
  offers = offers.then(async () => {
    for (const s of sections(offer.sdp)) {
      if (!s.mid || s.kind === "application") continue;
      const known = received.get(s.mid) ?? { mid: s.mid, kind: s.kind, packets: 0, bytes: 0 };
      Object.assign(known, { participantId: s.stream, trackId: s.track, removed: s.port === 0 });
      received.set(s.mid, known);
    }
    await sub.setRemoteDescription({ type: "offer", sdp: offer.sdp });
    await sub.setLocalDescription(await sub.createAnswer());
    await gathered(sub);
    await hub.invoke("SubscriberAnswer", offer.revision, sub.localDescription.sdp);
  }).catch((e) => fail(`subscriber offer ${offer.revision}: ${e?.stack ?? e}`));
}

function onRtp(transceiver, rtp) {
  const entry = received.get(transceiver.mid);
  if (!entry) return;
  entry.packets++;
  entry.bytes += rtp.payload.length;
  // Republish the first live track of each kind (another participant's camera / microphone).
  const kind = entry.kind;
  if (!relaying[kind] && !entry.removed) {
    relaying[kind] = { mid: entry.mid, ssrc: rtp.header.ssrc, receiver: transceiver.receiver };
    emit({ type: "relayed", kind, mid: entry.mid, participantId: entry.participantId, trackId: entry.trackId });
  }
  if (relaying[kind]?.mid !== entry.mid) return;
  const header = new RtpHeader({
    sequenceNumber: rtp.header.sequenceNumber, timestamp: rtp.header.timestamp, marker: rtp.header.marker,
  });
  senders[kind].sendRtp(new RtpPacket(header, Buffer.from(rtp.payload))).catch(() => {});
}

setInterval(() => {
  if (received.size) emit({ type: "stats", tracks: [...received.values()].map(({ mid, kind, participantId, trackId, packets, bytes, removed }) =>
    ({ mid, kind, participantId, trackId, packets, bytes, removed })) });
}, 500).unref();

const commands = {
  async join({ hubUrl, token, roomId }) {
    hub = new HubConnection(`${hubUrl}?access_token=${encodeURIComponent(token)}`, (type, e) => {
      emit({ type: "hub", event: type, participantId: e?.participantId ?? null, trackId: e?.track?.trackId ?? null,
        error: e?.error ?? null });
      if (type === "subscriberOffer") answer(e.offer);
    }, (code) => emit({ type: "hubClosed", code }));
    await hub.start();
    const joined = await hub.invoke("Join", roomId);
    await publish();
    await subscribe();
    emit({ type: "joined", participantId: joined.participantId });
  },
  async dcSend({ label, text, binary }) {
    let channel = channels.get(label);
    if (!channel) {
      channel = pub.createDataChannel(label, label.startsWith("lossy") ? { ordered: false, maxRetransmits: 0 } : {});
      channels.set(label, channel);
      watchChannel(channel);
    }
    if (channel.readyState !== "open") await new Promise((resolve) => channel.stateChanged.subscribe((s) => s === "open" && resolve()));
    channel.send(text !== undefined ? text : Buffer.from(binary, "base64"));
  },
  async leave() {
    await hub.invoke("Leave");
    await Promise.allSettled([pub?.close(), sub?.close()]);
    hub.close();
    emit({ type: "left" });
  },
};

serveCommands(commands, () => {
  hub?.close();
  Promise.allSettled([pub?.close(), sub?.close()]).finally(() => process.exit(0));
}, (e) => e?.hubError ?? e?.stack ?? e);
