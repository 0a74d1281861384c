import { describe, expect, it } from 'vitest';
import { qualityBetween, sampleOf } from './connectionQuality';

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
});
