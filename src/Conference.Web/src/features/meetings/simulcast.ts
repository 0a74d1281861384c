/**
 * Simulcast (docs/protocol.md, "Simulcast, view sizes and dynacast"): the camera goes out as three encodings, lowest
 * first, each step halving the size; the SFU forwards each subscriber the one its view and bandwidth fit, and tells
 * us (`layersChanged`) which ones anybody needs. A screen share stays one encoding.
 */
export function cameraEncodings(): RTCRtpEncodingParameters[] {
  return [
    { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
    { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
    { rid: 'f', maxBitrate: 1_500_000 },
  ];
}

/** A sender's parameters with only the listed rids active (encodings without a rid are left alone). */
export function withActiveLayers(parameters: RTCRtpSendParameters, active: readonly string[]): RTCRtpSendParameters {
  for (const encoding of parameters.encodings) {
    if (encoding.rid) encoding.active = active.includes(encoding.rid);
  }
  return parameters;
}

export type VideoView = { width: number; height: number } | { hidden: true };

/**
 * What to tell the SFU about a tile: the size in device pixels at which the picture is drawn — with `cover` that is
 * larger than the tile (it is cropped), with `contain` it fits inside. Hidden when the tile is off screen or empty.
 */
export function viewOf(
  tile: { width: number; height: number },
  video: { width: number; height: number } | null,
  fit: 'cover' | 'contain',
  devicePixelRatio: number,
  visible: boolean,
): VideoView {
  if (!visible || tile.width < 1 || tile.height < 1) return { hidden: true };
  let { width, height } = tile;
  if (video && video.width > 0 && video.height > 0) {
    const scaleX = tile.width / video.width;
    const scaleY = tile.height / video.height;
    const scale = fit === 'cover' ? Math.max(scaleX, scaleY) : Math.min(scaleX, scaleY);
    width = video.width * scale;
    height = video.height * scale;
  }
  const clamp = (v: number) => Math.min(16384, Math.max(1, Math.round(v * devicePixelRatio)));
  return { width: clamp(width), height: clamp(height) };
}

/** Whether a new view is worth a hub call: hidden/shown changed, or the size moved by more than a quarter. */
export function viewChanged(previous: VideoView | null, next: VideoView): boolean {
  if (!previous) return true;
  if ('hidden' in previous || 'hidden' in next) return 'hidden' in previous !== 'hidden' in next;
  const moved = (a: number, b: number) => Math.abs(a - b) > a / 4;
  return moved(previous.width, next.width) || moved(previous.height, next.height);
}
