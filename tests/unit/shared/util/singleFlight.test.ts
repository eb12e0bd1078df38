import { describe, expect, it } from 'vitest';
import { singleFlight } from '../../../../src/shared/util/singleFlight';

/** A task whose passes the test releases one at a time. */
function gatedTask() {
  const gates: (() => void)[] = [];
  let passes = 0;
  const task = () =>
    new Promise<void>((resolve) => {
      passes++;
      gates.push(resolve);
    });
  const release = async () => {
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { task, release, passes: () => passes };
}

describe('singleFlight', () => {
  it('turns a burst of calls into the pass in flight plus one more, and every caller waits for the last', async () => {
    const g = gatedTask();
    const run = singleFlight(g.task);
    const first = run();
    const joined = [run(), run(), run()];
    expect(g.passes()).toBe(1);
    expect(run.inFlight).toBe(first);
    let settled = false;
    void Promise.all([first, ...joined]).then(() => (settled = true));
    await g.release();
    expect(g.passes()).toBe(2); // one extra pass for the three joined calls
    expect(settled).toBe(false);
    await g.release();
    await Promise.all([first, ...joined]);
    expect(g.passes()).toBe(2);
    expect(run.inFlight).toBeNull();
  });

  it('runs no extra pass when nobody asked for one, and starts afresh after a run', async () => {
    const g = gatedTask();
    const run = singleFlight(g.task);
    const a = run();
    await g.release();
    await a;
    expect(g.passes()).toBe(1);
    const b = run();
    expect(g.passes()).toBe(2);
    await g.release();
    await b;
  });

  it('stops extra passes when it may not continue', async () => {
    const g = gatedTask();
    let ok = true;
    const run = singleFlight(g.task, () => ok);
    const a = run();
    void run();
    ok = false;
    await g.release();
    await a;
    expect(g.passes()).toBe(1);
  });

  it('passes a failure to every caller of the run, and the next call starts a new run', async () => {
    let n = 0;
    const run = singleFlight(async () => {
      n++;
      if (n === 1) throw new Error('link lost');
    });
    const a = run();
    const b = run();
    await expect(a).rejects.toThrow('link lost');
    await expect(b).rejects.toThrow('link lost');
    await run();
    expect(n).toBe(2);
  });
});
