// A meeting participant written from docs/protocol.md: Join, a publisher connection (the client offers its
// camera, microphone and screen; PublishTrack with clientTrackId before each PublishOffer), a subscriber
// connection (Subscribe → the SFU offers the others' tracks → SubscriberAnswer; `subscriberOffer` events
// renegotiate), trickle ICE both ways, mute, leave and data channels (labels `reliable`, `lossy`,
// `reliable/<participantId>`, `lossy/<participantId>`). Everything it observes is kept in window.meeting.
'use strict';

const now = () => Date.now();

// One m-section per entry: mid, port (0 = removed), msid stream (= publisher participant id) and track (= room track id).
function parseSections(sdp) {
  return sdp.split(/\r?\n(?=m=)/).slice(1).map((section) => {
    const port = Number(/^m=\S+ (\d+)/.exec(section)?.[1] ?? 0);
    const mid = /\r?\na=mid:(\S+)/.exec(section)?.[1];
    const msid = /\r?\na=msid:(\S+) (\S+)/.exec(section);
    return { mid, port, kind: section.slice(2, section.indexOf(' ')), stream: msid?.[1], track: msid?.[2] };
  });
}

const meeting = {
  participantId: null,
  roomId: null,
  events: [],            // every hub event: {type, participantId, trackId, muted, error, at}
  roomTracks: {},        // room track id → {participantId, kind, source, muted}
  tracks: {},            // subscriber mid → {mid, participantId, trackId, kind, addedAt, removedAt, firstFrameAt}
  published: {},         // source → {trackId, clientTrackId, track}
  subscriber: { state: 'new', states: [], connectedAt: null, revisions: [] },
  publisher: { state: 'new', states: [], connectedAt: null },
  dataMessages: [],      // {label, sender, reliable, ordered, maxRetransmits, kind, text, size, hash, at}
  dataChannels: {},      // publisher-side channels by label
  errors: [],            // asynchronous failures (a re-offer, a candidate) the tests look at
  log: [],

  async join(options) {
    const opts = { audio: true, video: true, dataChannels: true, subscribe: true, useIceServers: false,
      iceTransportPolicy: 'all', ...options };
    this.hub = new HubConnection(`${opts.hubUrl}?access_token=${encodeURIComponent(opts.token)}`,
      (type, e) => this.onEvent(type, e), (code) => this.note(`hub closed ${code}`));
    await this.hub.start();
    const joined = await this.hub.invoke('Join', opts.roomId);
    this.participantId = joined.participantId;
    this.roomId = opts.roomId;
    for (const p of joined.participants) this.rememberTracks(p.participantId, p.tracks);
    const rtcConfig = {
      iceServers: opts.useIceServers || opts.iceTransportPolicy === 'relay' ? joined.iceServers.iceServers : [],
      iceTransportPolicy: opts.iceTransportPolicy,
    };
    this.iceServers = rtcConfig.iceServers;
    this.rtcConfig = rtcConfig;
    await this.startPublisher(rtcConfig, opts);
    if (opts.subscribe) await this.subscribe(rtcConfig);
    return { participantId: this.participantId, participants: joined.participants.map((p) => p.participantId),
      iceServers: joined.iceServers, router: joined.router ?? null };
  },

  // Publisher connection: PublishTrack (clientTrackId = the MediaStreamTrack id the offer's a=msid names) per
  // track, then PublishOffer; candidates found before the answer wait for it.
  async startPublisher(rtcConfig, opts) {
    const pc = new RTCPeerConnection(rtcConfig);
    this.pub = pc;
    this.watchState(pc, this.publisher);
    this.trickle(pc, 'PublisherCandidate', (ready) => { this.publisherReady = ready; });
    if (opts.audio || opts.video) {
      const size = opts.simulcast ? { width: 640, height: 360 } : { width: 320, height: 240 };
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: opts.audio, video: opts.video ? { ...size, frameRate: 15 } : false,
      });
      for (const track of stream.getTracks()) {
        // Simulcast (docs/protocol.md): three encodings, lowest first, each step halving the size.
        const sendEncodings = opts.simulcast && track.kind === 'video'
          ? [{ rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 100000 }, { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 300000 },
            { rid: 'f', maxBitrate: 900000 }]
          : undefined;
        const transceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [stream], sendEncodings });
        if (track.kind === 'video') this.cameraSender = transceiver.sender;
        await this.announce(track, track.kind === 'audio' ? 'microphone' : 'camera');
      }
    }
    if (opts.dataChannels) {
      this.openChannel('reliable', {});
      this.openChannel('lossy', { ordered: false, maxRetransmits: 0 });
    }
    await this.negotiatePublisher();
  },

  async announce(track, source) {
    const published = await this.hub.invoke('PublishTrack', { kind: track.kind, source, clientTrackId: track.id });
    this.published[source] = { trackId: published.trackId, clientTrackId: track.id, track };
    return published;
  },

  negotiatePublisher() {
    this.pubChain = (this.pubChain ?? Promise.resolve()).then(async () => {
      await this.pub.setLocalDescription(await this.pub.createOffer());
      const answer = await this.hub.invoke('PublishOffer', this.pub.localDescription.sdp);
      await this.pub.setRemoteDescription({ type: 'answer', sdp: answer });
      this.publisherReady?.();
    });
    return this.pubChain;
  },

  async subscribe(rtcConfig) {
    const pc = new RTCPeerConnection(rtcConfig);
    this.sub = pc;
    this.watchState(pc, this.subscriber, () => this.watchFirstFrames());
    this.trickle(pc, 'SubscriberCandidate', (ready) => { this.subscriberReady = ready; });
    pc.ontrack = (e) => this.onTrack(e);
    pc.ondatachannel = (e) => this.receiveOn(e.channel);
    const offer = await this.hub.invoke('Subscribe');
    await this.applySubscriberOffer(offer);
  },

  // Offers are applied one at a time, in the order they came (the server sends the next after our answer).
  applySubscriberOffer(offer) {
    this.note(`subscriber offer ${offer.revision} received`);
    this.subChain = (this.subChain ?? Promise.resolve()).then(async () => {
      await this.sub.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
      for (const section of parseSections(offer.sdp)) {
        if (!section.mid || section.kind === 'application') continue;
        const known = this.tracks[section.mid] ??= { mid: section.mid, kind: section.kind, addedAt: null, removedAt: null,
          firstFrameAt: null };
        // A removed section (port 0) may no longer name its track: keep what the section said before.
        known.participantId = section.stream ?? known.participantId;
        known.trackId = section.track ?? known.trackId;
        if (section.port === 0 && !known.removedAt) known.removedAt = now();
      }
      await this.sub.setLocalDescription(await this.sub.createAnswer());
      await this.hub.invoke('SubscriberAnswer', offer.revision, this.sub.localDescription.sdp);
      this.subscriber.revisions.push(offer.revision);
      this.note(`subscriber offer ${offer.revision} answered`);
      this.subscriberReady?.();
    }).catch((e) => this.errors.push(`subscriber offer ${offer.revision}: ${e.message}`));
    return this.subChain;
  },

  onTrack(e) {
    const pc = e.target;
    if (pc !== this.sub) return; // a connection being retired (make-before-break) gets no new tiles
    const mid = e.transceiver.mid;
    const known = this.tracks[mid] ??= { mid, removedAt: null, firstFrameAt: null };
    known.kind = e.track.kind;
    known.addedAt = now();
    known.track = e.track;
    if (e.track.kind === 'video') {
      const video = document.createElement('video');
      Object.assign(video, { autoplay: true, muted: true, playsInline: true, width: 80 });
      video.srcObject = new MediaStream([e.track]);
      document.getElementById('videos').appendChild(video);
      (this.tiles ??= new Map()).set(pc, [...(this.tiles.get(pc) ?? []), video]);
      this.watchFirstFrames();
    }
  },

  // Candidates go to the hub once the connection exists on the server (after the first answer).
  trickle(pc, method, setReady) {
    let queue = [];
    setReady(() => {
      if (!queue) return;
      const early = queue;
      queue = null;
      for (const c of early) this.sendCandidate(method, c);
    });
    pc.onicecandidate = (e) => {
      if (!e.candidate || !e.candidate.candidate) return;
      if (queue) queue.push(e.candidate.candidate);
      else this.sendCandidate(method, e.candidate.candidate);
    };
  },

  sendCandidate(method, candidate) {
    this.hub.invoke(method, candidate).catch((e) => this.errors.push(`${method}: ${e.message}`));
  },

  watchState(pc, record, onConnected) {
    pc.oniceconnectionstatechange = () => record.states.push({ ice: pc.iceConnectionState, at: now() });
    pc.onconnectionstatechange = () => {
      record.state = pc.connectionState;
      record.states.push({ state: pc.connectionState, at: now() });
      // Why it failed, from the browser's side (ICE or DTLS), for the failure message.
      if (pc.connectionState === 'failed') {
        pc.getStats().then((stats) => stats.forEach((s) => {
          if (s.type === 'transport') record.states.push({ dtls: s.dtlsState, ice: s.iceState, at: now() });
        }));
      }
      if (pc.connectionState === 'connected' && !record.connectedAt) {
        record.connectedAt = now();
        onConnected?.();
      }
    };
  },

  // Polls the subscriber's stats every 100 ms until every video track decoded a frame: firstFrameAt per track.
  watchFirstFrames() {
    if (this.frameWatch || !this.sub) return;
    this.frameWatch = setInterval(async () => {
      const waiting = Object.values(this.tracks).filter((t) => t.kind === 'video' && !t.firstFrameAt && !t.removedAt);
      if (waiting.length === 0) { clearInterval(this.frameWatch); this.frameWatch = null; return; }
      for (const s of await this.inbound()) {
        const track = this.tracks[s.mid];
        if (track && !track.firstFrameAt && s.framesDecoded > 0) track.firstFrameAt = now();
      }
    }, 100);
  },

  async inbound() {
    const result = [];
    if (!this.sub) return result;
    (await this.sub.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp') {
        result.push({ mid: s.mid, kind: s.kind, packetsReceived: s.packetsReceived ?? 0,
          framesDecoded: s.framesDecoded ?? 0, bytesReceived: s.bytesReceived ?? 0 });
      }
    });
    return result;
  },

  // Per received track: who sent it, which room track and source, and what arrived so far.
  async trackStats() {
    const byMid = Object.fromEntries((await this.inbound()).map((s) => [s.mid, s]));
    return Object.values(this.tracks).map((t) => ({
      mid: t.mid, participantId: t.participantId, trackId: t.trackId, kind: t.kind,
      source: this.roomTracks[t.trackId]?.source ?? null, removed: t.removedAt !== null, removedAt: t.removedAt,
      ended: t.track?.readyState === 'ended',
      addedAt: t.addedAt, firstFrameAt: t.firstFrameAt,
      packetsReceived: byMid[t.mid]?.packetsReceived ?? 0, framesDecoded: byMid[t.mid]?.framesDecoded ?? 0,
    }));
  },

  onEvent(type, e) {
    this.events.push({ type, participantId: e?.participantId, trackId: e?.track?.trackId, muted: e?.track?.muted,
      error: e?.error, at: now() });
    if (type === 'participantJoined' && e.participant) this.rememberTracks(e.participantId, e.participant.tracks);
    if ((type === 'trackPublished' || type === 'trackMuted') && e.track) this.rememberTracks(e.participantId, [e.track]);
    if (type === 'subscriberOffer') this.applySubscriberOffer(e.offer);
    if (type === 'mediaFailed') this.resubscribe(e.error);
    if (type === 'mediaMoved') this.moveMedia(e);
    if (type === 'layersChanged') this.applyLayers(e);
  },

  // Decoded video frames at this participant, every 100 ms, on each subscriber connection it has (during a move also
  // the one being retired): the longest time none of them grew.
  startGapWatch() {
    this.gap = { max: 0, last: now(), frames: new Map() };
    this.gapTimer = setInterval(async () => {
      let grew = false;
      for (const pc of [this.sub, this.retiring].filter(Boolean)) {
        const frames = await this.videoFrames(pc);
        if (frames > (this.gap.frames.get(pc) ?? 0)) grew = true;
        this.gap.frames.set(pc, frames);
      }
      const t = now();
      if (grew) { this.gap.max = Math.max(this.gap.max, t - this.gap.last); this.gap.last = t; }
    }, 100);
  },

  async videoFrames(pc) {
    let frames = 0;
    (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0; });
    return frames;
  },

  gapReport() {
    return { maxGapMs: Math.max(this.gap.max, now() - this.gap.last), sinceLastFrameMs: now() - this.gap.last,
      moves: this.moves ?? [] };
  },

  // The room's media moved to a router on another SFU silo (docs/protocol.md, mediaMoved), make-before-break: a
  // fresh subscriber connection to the new router while the old one (and its tiles) stays until the new one decodes;
  // the publisher connection restarts ICE there. In a drain the old router still forwards, so our publisher moves
  // once our new subscriber connection is up (everyone's old connections keep our media until then).
  moveMedia(e) {
    this.moves = this.moves ?? [];
    this.moves.push({ at: now(), silo: e.router?.silo, reason: e.reason });
    this.note(`media moved to ${e.router?.silo} (${e.reason})`);
    const subscribed = this.resubscribe(`media moved (${e.reason})`, { makeBeforeBreak: true });
    const before = e.reason === 'drain' ? subscribed.then(() => this.connected(this.sub, 5000)) : Promise.resolve();
    this.pubChain = (this.pubChain ?? Promise.resolve()).catch(() => {}).then(() => before).then(async () => {
      // The new router has chosen no layers yet (dynacast starts afresh there): every simulcast layer goes out again.
      if (this.cameraSender) {
        const parameters = this.cameraSender.getParameters();
        if (parameters.encodings.some((x) => x.rid)) {
          for (const encoding of parameters.encodings) encoding.active = true;
          await this.cameraSender.setParameters(parameters);
        }
      }
      // The restart's candidates wait for the new router's answer, as the first ones did.
      this.trickle(this.pub, 'PublisherCandidate', (ready) => { this.publisherReady = ready; });
      await this.pub.setLocalDescription(await this.pub.createOffer({ iceRestart: true }));
      const answer = await this.hub.invoke('PublishOffer', this.pub.localDescription.sdp);
      await this.pub.setRemoteDescription({ type: 'answer', sdp: answer });
      this.publisherReady?.();
      this.note('publisher moved');
    }).catch((err) => this.errors.push(`publisher ICE restart: ${err.message}`));
  },

  // Resolves when the connection is connected, or after timeoutMs.
  connected(pc, timeoutMs) {
    return new Promise((resolve) => {
      const started = now();
      const check = setInterval(() => {
        if (pc.connectionState === 'connected' || now() - started > timeoutMs) { clearInterval(check); resolve(); }
      }, 50);
    });
  },

  // Dynacast (docs/protocol.md): keep sending only the rids the SFU says someone needs.
  applyLayers(e) {
    this.layerEvents = [...(this.layerEvents ?? []), { active: e.activeLayers, paused: e.pausedLayers, at: now() }];
    const sender = this.cameraSender;
    if (!sender) return;
    const parameters = sender.getParameters();
    for (const encoding of parameters.encodings) encoding.active = e.activeLayers.includes(encoding.rid);
    sender.setParameters(parameters).catch((err) => this.errors.push(`setParameters: ${err.message}`));
  },

  // What the camera sender puts out per rid: frames encoded and size (outbound-rtp), to see paused layers stop.
  async outboundLayers() {
    const result = {};
    if (!this.cameraSender) return result;
    (await this.cameraSender.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp') {
        result[s.rid ?? ''] = { framesEncoded: s.framesEncoded ?? 0, bytesSent: s.bytesSent ?? 0, frameWidth: s.frameWidth ?? 0,
          active: s.active };
      }
    });
    return result;
  },

  // The received video of one room track: decoded frames and their current width (which layer arrives).
  async receivedVideo(trackId) {
    const mid = Object.values(this.tracks).find((t) => t.trackId === trackId && !t.removedAt)?.mid;
    let result = null;
    if (!this.sub || !mid) return result;
    (await this.sub.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.mid === mid) {
        result = { framesDecoded: s.framesDecoded ?? 0, frameWidth: s.frameWidth ?? 0, frameHeight: s.frameHeight ?? 0,
          freezeCount: s.freezeCount ?? 0, totalFreezesDuration: s.totalFreezesDuration ?? 0, bytesReceived: s.bytesReceived ?? 0 };
      }
    });
    return result;
  },

  // ReportReceiveQuality (docs/protocol.md): the growth of freezeCount / totalFreezesDuration over the received video
  // since the previous report (a new subscriber connection starts from zero again).
  async reportQuality() {
    let freezes = 0, seconds = 0;
    if (this.sub) {
      (await this.sub.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') { freezes += s.freezeCount ?? 0; seconds += s.totalFreezesDuration ?? 0; }
      });
    }
    const last = this.qualityReported?.sub === this.sub ? this.qualityReported : { freezes: 0, seconds: 0 };
    const report = { freezes: Math.max(0, freezes - last.freezes), freezeSeconds: Math.max(0, seconds - last.seconds) };
    await this.hub.invoke('ReportReceiveQuality', report);
    this.qualityReported = { sub: this.sub, freezes, seconds };
    return report;
  },

  // The server dropped our failed subscriber connection (docs/protocol.md, mediaFailed): start a fresh one. With
  // makeBeforeBreak (a move) the old connection and its tiles stay until the new one decodes every video the old one
  // did (at most 15 s). Resolves when the new connection has applied its first offer.
  resubscribe(reason, { makeBeforeBreak = false } = {}) {
    this.note(`subscribing again: ${reason}`);
    this.subChain = (this.subChain ?? Promise.resolve()).catch(() => {}).then(async () => {
      const old = this.sub;
      const decoding = makeBeforeBreak && old ? (await this.inbound()).filter((s) => s.kind === 'video' && s.framesDecoded > 0).length : 0;
      if (makeBeforeBreak && old) this.retire(old, decoding);
      else { old?.close(); this.removeTiles(old); }
      this.frameWatch && clearInterval(this.frameWatch);
      this.frameWatch = null;
      this.tracks = {};
      this.subChain = null;
      await this.subscribe(this.rtcConfig);
    }).catch((e) => this.errors.push(`resubscribe: ${e.message}`));
    return this.subChain;
  },

  // Closes a replaced subscriber connection once the current one decodes as many videos as it did (or after 15 s).
  retire(old, videos) {
    this.retiring?.close();
    this.removeTiles(this.retiring);
    this.retiring = old;
    const started = now();
    const check = setInterval(async () => {
      const current = this.sub;
      const decoding = current && current !== old
        ? (await this.inbound()).filter((s) => s.kind === 'video' && s.framesDecoded > 0).length : 0;
      if (this.retiring !== old || decoding >= videos || now() - started > 15000) {
        clearInterval(check);
        old.close();
        this.removeTiles(old);
        if (this.retiring === old) this.retiring = null;
        this.note(`old subscriber connection closed (${decoding} of ${videos} videos decoding on the new one)`);
      }
    }, 100);
  },

  removeTiles(pc) {
    if (!pc) return;
    for (const video of this.tiles?.get(pc) ?? []) video.remove();
    this.tiles?.delete(pc);
  },

  rememberTracks(participantId, tracks) {
    for (const t of tracks ?? []) {
      this.roomTracks[t.trackId] = { participantId, kind: t.kind, source: t.source, muted: t.muted };
    }
  },

  // A screen share is one more sendonly transceiver on the publisher connection, announced, then re-offered.
  async shareScreen() {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { width: 640, height: 360, frameRate: 10 } });
    const [track] = stream.getVideoTracks();
    this.screenTransceiver = this.pub.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    const published = await this.announce(track, 'screen');
    await this.negotiatePublisher();
    return published.trackId;
  },

  async stopScreen() {
    const screen = this.published.screen;
    await this.hub.invoke('UnpublishTrack', screen.trackId);
    screen.track.stop();
    this.screenTransceiver.stop();
    delete this.published.screen;
    await this.negotiatePublisher();
  },

  async setMuted(source, muted) {
    const published = this.published[source];
    published.track.enabled = !muted;
    return this.hub.invoke('SetMuted', published.trackId, muted);
  },

  async leave() {
    const leftAt = now();
    await this.hub.invoke('Leave');
    this.pub?.close();
    this.sub?.close();
    this.hub.close();
    return leftAt;
  },

  // A raw hub call for the tests of bad input: never throws, says what the hub answered.
  async call(method, ...args) {
    try {
      return { ok: true, result: await this.hub.invoke(method, ...args) };
    } catch (e) {
      return { ok: false, error: e.message };
    }
  },

  // The candidate pair each connection selected: candidate types ('host', 'srflx', 'prflx', 'relay').
  async selectedPair(which) {
    const pc = which === 'publisher' ? this.pub : this.sub;
    const stats = await pc.getStats();
    let pair = null;
    stats.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
    });
    if (!pair) return null;
    const local = stats.get(pair.localCandidateId);
    const remote = stats.get(pair.remoteCandidateId);
    return { local: local?.candidateType, remote: remote?.candidateType, localAddress: `${local?.address}:${local?.port}`,
      remoteAddress: `${remote?.address}:${remote?.port}`, relayProtocol: local?.relayProtocol ?? null,
      bytesSent: pair.bytesSent, bytesReceived: pair.bytesReceived };
  },

  note(text) {
    this.log.push(`${now()} ${text}`);
  },
};

window.meeting = meeting;
// Data channels: meeting-data.js adds openChannel, sendData, channelState and receiveOn.
