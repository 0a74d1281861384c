import { describe, expect, it } from 'vitest';
import { freezeGrowth, freezesOf, qualityBetween, sampleOf } from './connectionQuality';

const report = (entries: Record<string, unknown>[]) => new Map(entries.map((e, i) => [String(i), e])) as unknown as RTCStatsReport;

describe('connection quality', () => {
  it('sums inbound streams and takes the nominated pair round trip', () => {
    const sample = sampleOf([
      report([
        { type: 'inbound-rtp', packetsReceived: 90, packetsLost: 10 },
        { type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.05 },
        { type: 'candidate-pair', nominated: false, currentRoundTripTime: 3 },
      ]),
      report([{ type: 'inbound-rtp', packetsReceived: 10, packetsLost: 0 }]),
      null,
    ]);
    expect(sample).toEqual({ packetsReceived: 100, packetsLost: 10, roundTripTime: 0.05 });
  });

  it('judges the interval, not the whole call', () => {
    const before = { packetsReceived: 1000, packetsLost: 300, roundTripTime: 0.02 };
    const after = { packetsReceived: 2000, packetsLost: 300, roundTripTime: 0.02 };
    expect(qualityBetween(before, after, true)).toBe('good');
  });

  it.each([
    [{ packetsReceived: 97, packetsLost: 3, roundTripTime: 0.05 }, 'fair'],
    [{ packetsReceived: 90, packetsLost: 10, roundTripTime: 0.05 }, 'poor'],
    [{ packetsReceived: 100, packetsLost: 0, roundTripTime: 0.3 }, 'fair'],
    [{ packetsReceived: 100, packetsLost: 0, roundTripTime: 0.5 }, 'poor'],
    [{ packetsReceived: 0, packetsLost: 0, roundTripTime: null }, 'unknown'],
  ] as const)('rates %o as %s', (sample, quality) => {
    expect(qualityBetween(null, sample, true)).toBe(quality);
  });

  it('is poor while the media connection is down', () => {
    expect(qualityBetween(null, { packetsReceived: 100, packetsLost: 0, roundTripTime: 0.01 }, false)).toBe('poor');
  });

  it('sums the freezes of received video only', () => {
    const totals = freezesOf(report([
      { type: 'inbound-rtp', kind: 'video', freezeCount: 2, totalFreezesDuration: 1.5 },
      { type: 'inbound-rtp', kind: 'video', freezeCount: 1, totalFreezesDuration: 0.25 },
      { type: 'inbound-rtp', kind: 'audio', freezeCount: 9, totalFreezesDuration: 9 },
      { type: 'outbound-rtp', kind: 'video', freezeCount: 9, totalFreezesDuration: 9 },
    ]));
    expect(totals).toEqual({ freezes: 3, freezeSeconds: 1.75 });
    expect(freezesOf(null)).toEqual({ freezes: 0, freezeSeconds: 0 });
  });

  it('reports the growth since the previous report, nothing when nothing froze', () => {
    expect(freezeGrowth(null, { freezes: 2, freezeSeconds: 1 })).toEqual({ freezes: 2, freezeSeconds: 1 });
    expect(freezeGrowth({ freezes: 2, freezeSeconds: 1 }, { freezes: 3, freezeSeconds: 1.5 })).toEqual({ freezes: 1, freezeSeconds: 0.5 });
    expect(freezeGrowth({ freezes: 3, freezeSeconds: 1.5 }, { freezes: 3, freezeSeconds: 1.5 })).toBeNull();
    // A fresh subscriber connection starts its counters at 0 again: counted from there.
    expect(freezeGrowth({ freezes: 5, freezeSeconds: 4 }, { freezes: 1, freezeSeconds: 0.5 })).toEqual({ freezes: 1, freezeSeconds: 0.5 });
  });
});
