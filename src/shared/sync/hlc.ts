/**
 * Hybrid logical clock (Kulkarni et al.). Timestamps serialise to fixed-width strings that sort
 * lexicographically in causal order: `<wall ms, 15 digits>-<counter, 6 digits>-<node id>`.
 * The node id breaks ties between two writers at the same wall time and counter.
 */
export interface Hlc {
  wallMs: number;
  counter: number;
  node: string;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
/** A remote clock more than this far ahead of ours is refused rather than adopted. */
export const MAX_CLOCK_DRIFT_MS = 5 * 60 * 1000;
/**
 * The hub refuses an op whose clock is more than this ahead of its own wall clock (CLOCK_AHEAD),
 * and so never adopts a clock further ahead: its own decisions are at most this far ahead of real
 * time, and a client a few minutes fast cannot push every later decision ahead with it.
 */
export const MAX_CLOCK_AHEAD_MS = 10_000;

export function formatHlc(h: Hlc): string {
  return `${String(h.wallMs).padStart(WALL_DIGITS, '0')}-${String(h.counter).padStart(COUNTER_DIGITS, '0')}-${h.node}`;
}

export const HLC_PATTERN = /^\d{15}-\d{6}-[A-Za-z0-9_.:-]{1,64}$/;

export function parseHlc(s: string): Hlc {
  if (!HLC_PATTERN.test(s)) throw new Error(`not an HLC timestamp: "${s.slice(0, 80)}"`);
  const [wall, counter, ...node] = s.split('-');
  return { wallMs: Number(wall), counter: Number(counter), node: node.join('-') };
}

export class HlcClock {
  private last: Hlc;

  constructor(
    readonly node: string,
    private readonly now: () => number = Date.now,
    last?: string,
  ) {
    this.last = last ? parseHlc(last) : { wallMs: 0, counter: 0, node };
  }

  /** Timestamp for a local event. */
  tick(): string {
    const wall = this.now();
    if (wall > this.last.wallMs) this.last = { wallMs: wall, counter: 0, node: this.node };
    else this.last = this.bump(this.last.wallMs, this.last.counter + 1);
    return formatHlc(this.last);
  }

  /** Merge a remote timestamp so that our next tick sorts after it. Throws on excessive drift. */
  receive(remote: string): void {
    const r = parseHlc(remote);
    const wall = this.now();
    if (r.wallMs - wall > MAX_CLOCK_DRIFT_MS) {
      throw new Error(`remote clock is ${Math.round((r.wallMs - wall) / 1000)} s ahead of ours`);
    }
    const maxWall = Math.max(wall, r.wallMs, this.last.wallMs);
    let counter: number;
    if (maxWall === this.last.wallMs && maxWall === r.wallMs)
      counter = Math.max(this.last.counter, r.counter) + 1;
    else if (maxWall === this.last.wallMs) counter = this.last.counter + 1;
    else if (maxWall === r.wallMs) counter = r.counter + 1;
    else counter = 0;
    this.last = this.bump(maxWall, counter);
  }

  current(): string {
    return formatHlc(this.last);
  }

  private bump(wallMs: number, counter: number): Hlc {
    // Counter overflow: borrow a millisecond rather than wrap (keeps monotonicity).
    if (counter > MAX_COUNTER) return { wallMs: wallMs + 1, counter: 0, node: this.node };
    return { wallMs, counter, node: this.node };
  }
}
