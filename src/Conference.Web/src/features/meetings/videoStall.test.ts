import { describe, expect, it } from 'vitest';
import { stalledVideos, videoProgress } from './videoStall';

const report = (entries: Record<string, unknown>[]) => new Map(entries.map((e, i) => [String(i), e])) as unknown as RTCStatsReport;

describe('video stalls', () => {
  it('reads packets and frames of the received videos by mid', () => {
    const progress = videoProgress(report([
      { type: 'inbound-rtp', kind: 'video', mid: '1', packetsReceived: 50, framesDecoded: 20 },
      { type: 'inbound-rtp', kind: 'audio', mid: '2', packetsReceived: 99 },
      { type: 'outbound-rtp', kind: 'video', mid: '0', packetsSent: 10 },
    ]));
    expect(progress).toEqual({ '1': { packets: 50, frames: 20 } });
    expect(videoProgress(null)).toEqual({});
  });

  it('finds a video whose packets arrive but whose frames do not advance', () => {
    const before = { '1': { packets: 100, frames: 40 }, '3': { packets: 100, frames: 40 }, '5': { packets: 100, frames: 40 } };
    const after = { '1': { packets: 150, frames: 40 }, '3': { packets: 150, frames: 55 }, '5': { packets: 102, frames: 40 }, '7': { packets: 20, frames: 0 } };
    expect(stalledVideos(before, after)).toEqual(['1']);
  });
});
