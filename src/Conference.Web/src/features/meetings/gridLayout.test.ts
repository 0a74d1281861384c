import { describe, expect, it } from 'vitest';
import { gridLayout } from './gridLayout';

describe('gridLayout', () => {
  it.each([
    [1, 1280, 720, 1, 1],
    [2, 1280, 720, 2, 1],
    [4, 1280, 720, 2, 2],
    [5, 1280, 720, 3, 2],
    [9, 1280, 720, 3, 3],
    [2, 360, 640, 1, 2],
  ])('%i tiles in %ix%i: %i columns × %i rows', (count, width, height, columns, rows) => {
    expect(gridLayout(count, width, height)).toEqual({ columns, rows });
  });

  it('has room for every tile', () => {
    for (let n = 1; n <= 25; n++) {
      const { columns, rows } = gridLayout(n, 1000, 700);
      expect(columns * rows).toBeGreaterThanOrEqual(n);
    }
  });
});
