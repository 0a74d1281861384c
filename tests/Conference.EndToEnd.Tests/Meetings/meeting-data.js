// Data channels of the meeting client (meeting.js): on the publisher connection the participant opens `reliable`
// / `lossy` (to everyone else) or `reliable/<participantId>` / `lossy/<participantId>` (to that one only); on the
// subscriber connection the SFU opens `reliable/<sender>` / `lossy/<sender>`, so the label names who sent a message.
'use strict';

function pattern(size, seed) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return bytes;
}

// FNV-1a over the bytes: sender and receiver compare hashes instead of shipping 200 KiB through Playwright.
function fnv1a(bytes) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
  return hash;
}

function waitUntil(condition, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const started = now();
    const check = () => {
      if (condition()) return resolve();
      if (now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(check, 50);
    };
    check();
  });
}

Object.assign(window.meeting, {
  // Publisher-side channels: `reliable` / `lossy` reach everyone, `<kind>/<participantId>` only that participant.
  openChannel(label, init) {
    const reliable = label.split('/')[0] === 'reliable';
    const channel = this.pub.createDataChannel(label, init ?? (reliable ? {} : { ordered: false, maxRetransmits: 0 }));
    channel.binaryType = 'arraybuffer';
    channel.onclose = () => this.note(`publisher channel ${label} closed`);
    this.dataChannels[label] = channel;
    return channel;
  },

  // message: {text} or {binarySize, seed}; returns what a receiver must report (size and hash).
  async sendData(label, message, timeoutMs = 20000) {
    const channel = this.dataChannels[label] ?? this.openChannel(label);
    await waitUntil(() => channel.readyState === 'open', timeoutMs, `channel ${label} open`);
    if (message.text !== undefined) {
      channel.send(message.text);
      return { kind: 'text', text: message.text, size: message.text.length };
    }
    const bytes = pattern(message.binarySize, message.seed ?? 0);
    channel.send(bytes);
    return { kind: 'binary', size: bytes.length, hash: fnv1a(bytes) };
  },

  channelState(label) {
    return this.dataChannels[label]?.readyState ?? null;
  },

  // Subscriber-side channels are opened by the SFU, one pair per sender: the label names the sender.
  receiveOn(channel) {
    channel.binaryType = 'arraybuffer';
    const [kind, sender] = channel.label.split('/');
    channel.onmessage = (e) => {
      const entry = { label: channel.label, sender, reliable: kind === 'reliable', ordered: channel.ordered,
        maxRetransmits: channel.maxRetransmits, at: now() };
      if (typeof e.data === 'string') Object.assign(entry, { kind: 'text', text: e.data, size: e.data.length });
      else {
        const bytes = new Uint8Array(e.data);
        Object.assign(entry, { kind: 'binary', size: bytes.length, hash: fnv1a(bytes) });
      }
      this.dataMessages.push(entry);
    };
  },
});
