// The microphone level meter of the pre-join screen: the RMS of the latest samples on a 0–1 scale.

/** Root mean square of time-domain samples (-1…1), mapped so that speech shows clearly (×4, capped at 1). */
export function levelOf(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.min(1, Math.sqrt(sum / samples.length) * 4);
}

/** Follows a microphone track's level: calls <paramref name="onLevel"/> about 15 times a second until stopped. */
export function watchLevel(track: MediaStreamTrack, onLevel: (level: number) => void): () => void {
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    onLevel(levelOf(samples));
  }, 66);
  return () => {
    clearInterval(timer);
    void context.close();
  };
}
