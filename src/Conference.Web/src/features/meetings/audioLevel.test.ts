import { describe, expect, it } from 'vitest';
import { levelOf } from './audioLevel';

describe('levelOf', () => {
  it('is 0 for silence and grows with loudness, capped at 1', () => {
    expect(levelOf(new Float32Array(256))).toBe(0);
    const quiet = levelOf(new Float32Array(256).fill(0.05));
    const loud = levelOf(new Float32Array(256).fill(0.2));
    expect(quiet).toBeCloseTo(0.2);
    expect(loud).toBeGreaterThan(quiet);
    expect(levelOf(new Float32Array(256).fill(1))).toBe(1);
    expect(levelOf(new Float32Array(0))).toBe(0);
  });
});
