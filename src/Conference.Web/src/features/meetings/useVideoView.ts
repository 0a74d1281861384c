import { useEffect, type RefObject } from 'react';
import { viewChanged, viewOf, type VideoView } from './simulcast';

/**
 * Tells the SFU how big a remote video is drawn (SetVideoView): on resize, when it scrolls in or out of view and when
 * the picture's own size changes; at most one call per 300 ms, and only for a real change (see {@link viewChanged}).
 */
export function useVideoView(
  ref: RefObject<HTMLVideoElement | null>,
  trackId: string | null,
  fit: 'cover' | 'contain',
  onView: ((trackId: string, view: VideoView) => void) | undefined,
): void {
  useEffect(() => {
    const element = ref.current;
    if (!element || !trackId || !onView) return;
    let visible = true;
    let sent: VideoView | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const report = () => {
      timer = null;
      const rect = element.getBoundingClientRect();
      const picture = element.videoWidth > 0 ? { width: element.videoWidth, height: element.videoHeight } : null;
      const view = viewOf({ width: rect.width, height: rect.height }, picture, fit, window.devicePixelRatio || 1, visible);
      if (!viewChanged(sent, view)) return;
      sent = view;
      onView(trackId, view);
    };
    const schedule = () => {
      timer ??= setTimeout(report, 300);
    };
    const resize = new ResizeObserver(schedule);
    resize.observe(element);
    const intersection = new IntersectionObserver(([entry]) => {
      visible = entry.isIntersecting;
      schedule();
    });
    intersection.observe(element);
    element.addEventListener('resize', schedule);
    return () => {
      resize.disconnect();
      intersection.disconnect();
      element.removeEventListener('resize', schedule);
      if (timer) clearTimeout(timer);
      // The tile is gone (track unpublished, video turned off): nothing more is shown of it.
      if (sent && !('hidden' in sent)) onView(trackId, { hidden: true });
    };
  }, [ref, trackId, fit, onView]);
}
