// The connection-quality badge: packet loss and round-trip time over the last interval, from getStats().

export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

/** The counters one getStats() pass yields that quality is judged on (summed over the inbound streams). */
export interface StatsSample {
  packetsReceived: number;
  packetsLost: number;
  /** Seconds, from the selected candidate pair (null when not measured yet). */
  roundTripTime: number | null;
}

export function sampleOf(reports: (RTCStatsReport | null)[]): StatsSample {
  let packetsReceived = 0;
  let packetsLost = 0;
  let roundTripTime: number | null = null;
  for (const report of reports) {
    report?.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp') {
        packetsReceived += Number(s.packetsReceived ?? 0);
        packetsLost += Math.max(0, Number(s.packetsLost ?? 0));
      } else if (s.type === 'remote-inbound-rtp' && typeof s.fractionLost === 'number') {
        // Loss the SFU reports on what we send: counted as a share of a nominal 100 packets.
        packetsLost += s.fractionLost * 100;
        packetsReceived += 100 - s.fractionLost * 100;
      } else if (s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number') {
        roundTripTime = Math.max(roundTripTime ?? 0, s.currentRoundTripTime);
      }
    });
  }
  return { packetsReceived, packetsLost, roundTripTime };
}

/** Quality between two samples: poor over 8 % loss or 400 ms, fair over 2 % or 200 ms, else good. */
export function qualityBetween(previous: StatsSample | null, current: StatsSample, connected: boolean): Quality {
  if (!connected) return 'poor';
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = current.packetsLost - (previous?.packetsLost ?? 0);
  const total = received + Math.max(0, lost);
  const loss = total > 0 ? Math.max(0, lost) / total : null;
  const rtt = current.roundTripTime;
  if (loss === null && rtt === null) return 'unknown';
  if ((loss ?? 0) > 0.08 || (rtt ?? 0) > 0.4) return 'poor';
  if ((loss ?? 0) > 0.02 || (rtt ?? 0) > 0.2) return 'fair';
  return 'good';
}

/** Freezes of the received video so far (`freezeCount`, `totalFreezesDuration` summed over inbound video streams). */
export interface FreezeTotals {
  freezes: number;
  freezeSeconds: number;
}

export function freezesOf(report: RTCStatsReport | null): FreezeTotals {
  let freezes = 0;
  let freezeSeconds = 0;
  report?.forEach((s: Record<string, unknown>) => {
    if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
    freezes += Number(s.freezeCount ?? 0);
    freezeSeconds += Number(s.totalFreezesDuration ?? 0);
  });
  return { freezes, freezeSeconds };
}

/**
 * What to tell the server (`ReportReceiveQuality`, docs/protocol.md) since the previous report: the growth, or null
 * when nothing froze. Totals that went down (a fresh subscriber connection starts at 0) count from 0.
 */
export function freezeGrowth(previous: FreezeTotals | null, current: FreezeTotals): FreezeTotals | null {
  const restarted = previous !== null && (current.freezes < previous.freezes || current.freezeSeconds < previous.freezeSeconds);
  const base = previous === null || restarted ? { freezes: 0, freezeSeconds: 0 } : previous;
  const freezes = Math.min(10_000, Math.max(0, current.freezes - base.freezes));
  const freezeSeconds = Math.min(3_600, Math.max(0, current.freezeSeconds - base.freezeSeconds));
  return freezes > 0 || freezeSeconds > 0 ? { freezes, freezeSeconds } : null;
}
