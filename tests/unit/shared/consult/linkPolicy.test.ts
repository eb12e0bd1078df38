import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LINK_THRESHOLDS as T,
  initialLink,
  linkSample,
  LinkThresholds,
  stepLink,
  type LinkSample,
  type LinkSnapshot,
  type LinkState,
} from '../../../../src/shared/consult/linkPolicy';

const snap = (o: Partial<LinkSnapshot> = {}): LinkSnapshot => ({
  rttMs: 20,
  audioDown: false,
  videoDown: false,
  audio: { received: 0, lost: 0 },
  uplink: {},
  video: {},
  ...o,
});
const sample = (o: Partial<LinkSample> = {}): LinkSample => ({
  rttMs: 20,
  lossPct: 0,
  audioDown: false,
  videoDown: false,
  audioStalled: false,
  videoStalled: false,
  ...o,
});
const GOOD = sample();
const LOSSY = sample({ lossPct: 15 }); // too much for video, enough for voice
const CUT = sample({ audioStalled: true });

/** Feed samples one by one; the levels after each. */
function run(samples: LinkSample[], from: LinkState = initialLink(), t = T) {
  let s = from;
  const levels: string[] = [];
  const changes = [];
  for (const x of samples) {
    const r = stepLink(s, x, t);
    s = r.state;
    levels.push(s.level);
    if (r.change) changes.push(r.change);
  }
  return { state: s, levels, changes };
}
const times = <X>(n: number, x: X): X[] => Array.from({ length: n }, () => x);

describe('a sample from two getStats snapshots', () => {
  it('takes the loss on the voice coming down in the interval, or the loss reported going up', () => {
    const a = snap({ audio: { received: 100, lost: 0 } });
    expect(linkSample(a, snap({ audio: { received: 185, lost: 15 } })).lossPct).toBeCloseTo(15);
    // Going up: the reported fractions weighted by what each stream sent in the interval.
    const up = (audio: number, low: number) =>
      snap({
        audio: { received: 200, lost: 0 },
        uplink: { mic: { sent: audio, fractionLost: 0.25 }, l: { sent: low, fractionLost: 0.5 } },
      });
    expect(linkSample(up(0, 0), up(100, 0)).lossPct).toBe(25);
    expect(linkSample(up(0, 0), up(90, 10)).lossPct).toBeCloseTo(27.5);
    expect(linkSample(up(0, 0), up(0, 0)).lossPct).toBe(0);
    // The first snapshot has no interval: no loss judged from lifetime counters.
    expect(linkSample(null, snap({ audio: { received: 100, lost: 90 } })).lossPct).toBe(0);
    // Counters that went back (streams replaced) are not read as an interval.
    expect(linkSample(a, snap({ audio: { received: 10, lost: 5 } })).lossPct).toBe(0);
  });

  it('calls the voice stalled only when it had been arriving and stopped', () => {
    const flowing = snap({ audio: { received: 100, lost: 0 } });
    expect(linkSample(flowing, flowing).audioStalled).toBe(true);
    const none = snap({ audio: { received: 0, lost: 0 } });
    expect(linkSample(none, none).audioStalled).toBe(false);
    expect(linkSample(flowing, snap({ audio: { received: 150, lost: 0 } })).audioStalled).toBe(false);
  });

  it('calls the cameras stalled when packets arrive but no camera decodes a frame', () => {
    const v = (a: [number, number], b: [number, number]) =>
      snap({ video: { a: { frames: a[0], packets: a[1] }, b: { frames: b[0], packets: b[1] } } });
    const before = v([100, 500], [90, 450]);
    expect(linkSample(before, v([100, 540], [90, 470])).videoStalled).toBe(true);
    // One camera still decodes: the other's sender is the one in trouble, not this link.
    expect(linkSample(before, v([130, 540], [90, 470])).videoStalled).toBe(false);
    // Nothing arrives at all: the senders stopped (or the whole link is cut, which the voice shows).
    expect(linkSample(before, v([100, 500], [90, 450])).videoStalled).toBe(false);
    // A camera just subscribed that has not decoded yet is not judged.
    const fresh = snap({ video: { c: { frames: 0, packets: 10 } } });
    expect(linkSample(fresh, snap({ video: { c: { frames: 0, packets: 40 } } })).videoStalled).toBe(false);
  });
});

describe('stepping down and back up', () => {
  it('keeps video while the link is good', () => {
    expect(run(times(50, GOOD)).levels.every((l) => l === 'video')).toBe(true);
  });

  it('steps down to voice, then to the map alone, then back up as the link heals', () => {
    const r = run([...times(3, LOSSY), ...times(3, CUT), ...times(3, GOOD), ...times(5, GOOD)]);
    expect(r.levels).toEqual([
      ...['video', 'video', 'audio'],
      ...['audio', 'audio', 'map'],
      ...['map', 'map', 'audio'],
      ...['audio', 'audio', 'audio', 'audio', 'video'],
    ]);
    expect(r.changes.map((c) => `${c.from}→${c.to} ${c.reason}`)).toEqual([
      'video→audio loss',
      'audio→map audio_stalled',
      'map→audio recovered',
      'audio→video recovered',
    ]);
    expect(r.changes[0]).toMatchObject({ lossPct: 15, rttMs: 20 });
  });

  it('keeps voice on a link too lossy for video but fine for voice', () => {
    const r = run(times(40, LOSSY));
    expect(r.levels.slice(2).every((l) => l === 'audio')).toBe(true);
  });

  it('names the reason: round trip, loss, stalls, a lost connection', () => {
    const first = (x: LinkSample) => run(times(3, x)).changes[0]?.reason;
    expect(first(sample({ rttMs: 450 }))).toBe('rtt');
    expect(first(sample({ lossPct: 9 }))).toBe('loss');
    expect(first(sample({ videoStalled: true }))).toBe('video_stalled');
    expect(first(sample({ videoDown: true }))).toBe('disconnected');
    expect(first(sample({ audioDown: true }))).toBe('disconnected');
    expect(first(sample({ rttMs: null }))).toBeUndefined(); // no pair yet: no evidence
    expect(first(sample({ lossPct: 7.9, rttMs: 399 }))).toBeUndefined();
  });

  it('does not flap: bad samples must come in a row, and a step up needs the figures well clear', () => {
    // Two bad, one good, over and over: never three bad in a row.
    expect(run(times(20, [LOSSY, LOSSY, GOOD]).flat()).changes).toEqual([]);
    // At voice, a link between the limits (6 %: under the 8 % to step down, over the 4 % to step up) stays.
    const atAudio = initialLink('audio');
    expect(run(times(60, sample({ lossPct: 6 })), atAudio).changes).toEqual([]);
  });

  it('waits twice as long to step up again after a relapse, and forgives it after a good while', () => {
    const down = [...times(3, LOSSY)];
    const r1 = run([...down, ...times(5, GOOD), ...down]);
    expect(r1.changes.map((c) => c.to)).toEqual(['audio', 'video', 'audio']);
    expect(r1.state.penalty).toBe(2);
    // Now ten good samples are needed, not five.
    expect(run(times(9, GOOD), r1.state).state.level).toBe('audio');
    const back = run(times(10, GOOD), r1.state);
    expect(back.state.level).toBe('video');
    // Another relapse at once: four times.
    expect(run(down, back.state).state.penalty).toBe(4);
    // A minute (30 samples) at video without trouble forgives it.
    expect(run(times(T.relapseWithin, GOOD), back.state).state.penalty).toBe(1);
  });

  it('holds every level for at least as many samples as the shortest wait (any sequence)', () => {
    const anySample = fc.record({
      rttMs: fc.option(fc.integer({ min: 0, max: 3000 })),
      lossPct: fc.double({ min: 0, max: 100, noNaN: true }),
      audioDown: fc.boolean(),
      videoDown: fc.boolean(),
      audioStalled: fc.boolean(),
      videoStalled: fc.boolean(),
    });
    const shortest = Math.min(T.downAfter, T.upToAudioAfter, T.upToVideoAfter);
    fc.assert(
      fc.property(fc.array(anySample, { maxLength: 200 }), (xs) => {
        let s = initialLink();
        let last = -Infinity;
        for (const [i, x] of xs.entries()) {
          const r = stepLink(s, x);
          if (r.change) {
            if (i - last < shortest) return false;
            last = i;
          }
          s = r.state;
        }
        return true;
      }),
    );
  });
});

describe('the thresholds as configuration', () => {
  it('has defaults for everything and takes a partial override', () => {
    expect(T.video).toEqual({ maxRttMs: 400, maxLossPct: 8 });
    expect(T.audio).toEqual({ maxRttMs: 1000, maxLossPct: 25 });
    const t = LinkThresholds.parse({ video: { maxLossPct: 5 }, downAfter: 2 });
    expect(t.video).toEqual({ maxRttMs: 400, maxLossPct: 5 });
    expect(t.downAfter).toBe(2);
    expect(run(times(2, sample({ lossPct: 6 })), initialLink(), t).state.level).toBe('audio');
  });

  it('refuses what makes no sense, naming the field', () => {
    const r = LinkThresholds.safeParse({ video: { maxLossPct: -1 }, sometimes: true });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/maxLossPct|sometimes/);
  });
});
