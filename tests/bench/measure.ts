/**
 * Timing helpers for benches. Each sample is one call timed on its own, so p99 means something;
 * warm-up calls first let the JIT settle.
 */
import type { BenchRow } from './run';

export interface Timing {
  runs: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export function measure(fn: (i: number) => unknown, o: { runs: number; warmup?: number }): Timing {
  const warm = o.warmup ?? Math.min(50, o.runs);
  let sink = 0;
  for (let i = 0; i < warm; i++) sink += fn(i) ? 1 : 0;
  const samples = new Float64Array(o.runs);
  for (let i = 0; i < o.runs; i++) {
    const t = performance.now();
    sink += fn(i) ? 1 : 0;
    samples[i] = performance.now() - t;
  }
  if (sink === -1) console.log(''); // keep results alive
  samples.sort();
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return {
    runs: o.runs,
    p50Ms: q(0.5),
    p99Ms: q(0.99),
    meanMs: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

/** The p-quantile (0..1) of samples, by rank (the samples are not changed). */
export const quantile = (xs: ArrayLike<number>, p: number): number =>
  [...Array.from(xs)].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

export const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;

/** A bench row of `group` with nothing measured yet; `o` fills in what was. */
export const benchRow = (group: string, name: string, o: Partial<BenchRow> = {}): BenchRow => ({
  group,
  name,
  runs: 0,
  p50Ms: null,
  p99Ms: null,
  meanMs: null,
  target: null,
  pass: null,
  ratio: null,
  note: '',
  ...o,
});
