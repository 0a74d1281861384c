// A received video that stops decoding while its packets still arrive (a keyframe lost for good) is healed by a
// fresh subscriber connection: the SFU starts every subscription at a new keyframe (docs/protocol.md).

/** Per subscriber m-section (mid): RTP packets received and frames decoded so far. */
export type VideoProgress = Record<string, { packets: number; frames: number }>;

export function videoProgress(report: RTCStatsReport | null): VideoProgress {
  const progress: VideoProgress = {};
  report?.forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video' && typeof s.mid === 'string')
      progress[s.mid] = { packets: Number(s.packetsReceived ?? 0), frames: Number(s.framesDecoded ?? 0) };
  });
  return progress;
}

/** The mids whose packets kept coming (at least 10 more) while no frame was decoded. */
export function stalledVideos(previous: VideoProgress, current: VideoProgress): string[] {
  return Object.entries(current)
    .filter(([mid, now]) => {
      const before = previous[mid];
      return before !== undefined && now.packets - before.packets >= 10 && now.frames === before.frames;
    })
    .map(([mid]) => mid);
}
