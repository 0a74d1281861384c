/** One m-section of a subscriber offer: what the SFU sends in it (docs/protocol.md, Media negotiation). */
export interface OfferSection {
  mid: string | null;
  kind: string;
  /** 0 when the track went away (the section stays, inactive). */
  port: number;
  /** `a=msid:<participantId> <trackId>`: who publishes the track and the room's id for it. */
  participantId: string | null;
  trackId: string | null;
}

export function parseSections(sdp: string): OfferSection[] {
  return sdp
    .split(/\r?\n(?=m=)/)
    .slice(1)
    .map((section) => {
      const kind = section.slice(2, section.indexOf(' '));
      const port = Number(/^m=\S+ (\d+)/.exec(section)?.[1] ?? 0);
      const mid = /\r?\na=mid:(\S+)/.exec(section)?.[1] ?? null;
      const msid = /\r?\na=msid:(\S+) (\S+)/.exec(section);
      return { mid, kind, port, participantId: msid?.[1] ?? null, trackId: msid?.[2] ?? null };
    });
}
