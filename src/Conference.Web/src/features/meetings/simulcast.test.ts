import { describe, expect, it } from 'vitest';
import { cameraEncodings, viewChanged, viewOf, withActiveLayers } from './simulcast';

describe('simulcast', () => {
  it('sends the camera as three encodings, lowest first, each step halving the size', () => {
    const encodings = cameraEncodings();
    expect(encodings.map((e) => e.rid)).toEqual(['q', 'h', 'f']);
    expect(encodings.map((e) => e.scaleResolutionDownBy ?? 1)).toEqual([4, 2, 1]);
  });

  it('keeps only the layers the SFU says someone needs', () => {
    const parameters = { encodings: cameraEncodings().map((e) => ({ ...e, active: true })) } as unknown as RTCRtpSendParameters;
    expect(withActiveLayers(parameters, ['q', 'h']).encodings.map((e) => e.active)).toEqual([true, true, false]);
    expect(withActiveLayers(parameters, ['q', 'h', 'f']).encodings.map((e) => e.active)).toEqual([true, true, true]);
  });

  it('reports the drawn size in device pixels: cover crops (larger than the tile), contain fits inside', () => {
    const tile = { width: 400, height: 400 };
    const video = { width: 640, height: 360 };
    expect(viewOf(tile, video, 'cover', 1, true)).toEqual({ width: 711, height: 400 });
    expect(viewOf(tile, video, 'contain', 2, true)).toEqual({ width: 800, height: 450 });
    expect(viewOf(tile, null, 'cover', 1, true)).toEqual({ width: 400, height: 400 });
  });

  it('is hidden off screen or at zero size', () => {
    expect(viewOf({ width: 400, height: 300 }, null, 'cover', 1, false)).toEqual({ hidden: true });
    expect(viewOf({ width: 0, height: 300 }, null, 'cover', 1, true)).toEqual({ hidden: true });
  });

  it('calls the hub again only for a real change', () => {
    expect(viewChanged(null, { hidden: true })).toBe(true);
    expect(viewChanged({ width: 400, height: 300 }, { width: 420, height: 310 })).toBe(false);
    expect(viewChanged({ width: 400, height: 300 }, { width: 200, height: 150 })).toBe(true);
    expect(viewChanged({ width: 400, height: 300 }, { hidden: true })).toBe(true);
    expect(viewChanged({ hidden: true }, { hidden: true })).toBe(false);
  });
});
