// The SignalR JSON hub protocol over a plain WebSocket, as docs/protocol.md describes it: a handshake, then
// records separated by 0x1E; invocations (type 1) with an invocationId get a completion (type 3) carrying
// `result` or `error`; server events are invocations without an id; pings (type 6) both ways keep the
// connection alive (the server drops a client it has not heard from for 30 s); close is type 7.
'use strict';

class HubConnection {
  static RecordSeparator = '\x1e';

  constructor(url, onEvent, onClose) {
    this.url = url;
    this.onEvent = onEvent;
    this.onClose = onClose;
    this.pending = new Map();
    this.nextId = 1;
    this.buffer = '';
  }

  // Resolves once the server accepted the handshake ({} record); rejects on an error record or a refused socket.
  start() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url);
      this.ws = ws;
      let handshakeDone = false;
      ws.onopen = () => ws.send(JSON.stringify({ protocol: 'json', version: 1 }) + HubConnection.RecordSeparator);
      ws.onerror = () => { if (!handshakeDone) reject(new Error('WebSocket to the hub failed')); };
      ws.onclose = (e) => {
        clearInterval(this.pinger);
        for (const { reject: fail } of this.pending.values()) fail(new Error(`hub connection closed (${e.code})`));
        this.pending.clear();
        if (!handshakeDone) reject(new Error(`hub refused the connection (${e.code})`));
        this.onClose?.(e.code);
      };
      ws.onmessage = (e) => {
        this.buffer += e.data;
        let end;
        while ((end = this.buffer.indexOf(HubConnection.RecordSeparator)) >= 0) {
          const record = JSON.parse(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end + 1);
          if (!handshakeDone) {
            handshakeDone = true;
            if (record.error) { reject(new Error(record.error)); ws.close(); return; }
            this.pinger = setInterval(() => this.send({ type: 6 }), 10000);
            resolve();
            continue;
          }
          this.receive(record);
        }
      };
    });
  }

  receive(record) {
    switch (record.type) {
      case 1: // an event: target = event type, one argument
        this.onEvent(record.target, record.arguments?.[0]);
        break;
      case 3: { // completion
        const call = this.pending.get(record.invocationId);
        if (!call) return;
        this.pending.delete(record.invocationId);
        if (record.error !== undefined) call.reject(new HubError(call.method, record.error));
        else call.resolve(record.result);
        break;
      }
      case 7: // close, possibly with an error
        this.ws.close();
        break;
      default: // 6 = ping
        break;
    }
  }

  invoke(method, ...args) {
    const invocationId = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(invocationId, { resolve, reject, method });
      this.send({ type: 1, invocationId, target: method, arguments: args });
    });
  }

  send(record) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(record) + HubConnection.RecordSeparator);
  }

  close() {
    this.ws?.close();
  }
}

class HubError extends Error {
  constructor(method, message) {
    super(message);
    this.method = method;
    this.hubError = message;
  }
}
