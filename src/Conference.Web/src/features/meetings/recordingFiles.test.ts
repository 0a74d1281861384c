import { describe, expect, it } from 'vitest';
import { downloadLabels } from './recordingFiles';

describe('downloadLabels', () => {
  const tracks = [
    { trackId: 'a1', name: 'Ada', source: 'camera', kind: 'video' },
    { trackId: 'a2', name: 'Ada', source: 'microphone', kind: 'audio' },
    { trackId: 'b1', name: 'Bob', source: 'screen', kind: 'video' },
    { trackId: 'b2', name: 'Bob', source: 'camera', kind: 'video' },
    { trackId: 'b3', name: 'Bob', source: 'camera', kind: 'video' },
  ];

  it('names whose track and which source each file is', () => {
    expect(downloadLabels(tracks, [{ trackId: 'a1', kind: 'video' }, { trackId: 'a2', kind: 'audio' }, { trackId: 'b1', kind: 'video' }]))
      .toEqual(["Download Ada's camera", "Download Ada's microphone", "Download Bob's screen share"]);
  });

  it('numbers a name that would repeat', () => {
    expect(downloadLabels(tracks, [{ trackId: 'b2', kind: 'video' }, { trackId: 'b3', kind: 'video' }]))
      .toEqual(["Download Bob's camera", "Download Bob's camera (2)"]);
  });

  it('falls back to the kind and to an unnamed participant', () => {
    expect(downloadLabels([{ trackId: 'x', name: null, source: 'data', kind: 'video' }], [{ trackId: 'x', kind: 'video' }, { trackId: 'y', kind: 'audio' }]))
      .toEqual(["Download a participant's video", "Download a participant's audio"]);
  });
});
