import { describe, expect, it } from 'vitest';
import { parseSections } from './sdpSections';

const offer = [
  'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1 2',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'a=mid:0',
  'm=video 9 UDP/TLS/RTP/SAVPF 96', 'a=mid:1', 'a=msid:p2 t7', 'a=sendonly',
  'm=audio 0 UDP/TLS/RTP/SAVPF 111', 'a=mid:2', 'a=inactive', '',
].join('\r\n');

describe('parseSections', () => {
  it('reads mid, kind, port and the msid of each section', () => {
    expect(parseSections(offer)).toEqual([
      { mid: '0', kind: 'application', port: 9, participantId: null, trackId: null },
      { mid: '1', kind: 'video', port: 9, participantId: 'p2', trackId: 't7' },
      { mid: '2', kind: 'audio', port: 0, participantId: null, trackId: null },
    ]);
  });

  it('finds nothing in an sdp without media', () => {
    expect(parseSections('v=0\r\ns=-\r\n')).toEqual([]);
  });
});
