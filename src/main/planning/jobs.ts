import type { PlanningJob, PlanningPhase, PlanningProgress } from '../../shared/ipc/planningContract';
import { CodedError } from '../../shared/ipc/errors';

/** Each step's share of the progress bar. */
const PHASE_SPAN: Record<PlanningPhase, [number, number]> = {
  grid: [0, 10],
  coverage: [10, 25],
  evaluate: [25, 99],
  done: [100, 100],
};

/** Reports a step of a running job, then yields to the event loop; throws when the job was cancelled. */
export type Step = (phase: PlanningPhase, done: number, total: number) => Promise<void>;

class Cancelled extends Error {}

/** Gives other work (IPC, a cancel, tiles) a turn: a long job runs in slices between these. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The long planning steps (move-up, base siting): run in main in slices, each slice followed by a
 * turn of the event loop, so the window's other requests and a cancel are served meanwhile. Progress
 * goes to every console as `planning:progress`; `cancel(jobId)` stops a job at its next slice, and its
 * request then answers `{ status: 'cancelled' }` (nothing of it is kept). One job per id at a time.
 */
export class PlanningJobs {
  private readonly running = new Map<string, AbortController>();
  constructor(private readonly push: (p: PlanningProgress) => void) {}

  async run<T extends object>(
    jobId: string,
    tool: PlanningProgress['tool'],
    work: (step: Step) => T | Promise<T>,
  ): Promise<PlanningJob<T>> {
    if (this.running.has(jobId))
      throw new CodedError('INVALID', `A planning job with id ${jobId} is already running.`, {
        field: 'jobId',
      });
    const controller = new AbortController();
    this.running.set(jobId, controller);
    let percent = 0;
    const step: Step = async (phase, done, total) => {
      const [a, b] = PHASE_SPAN[phase];
      percent = Math.max(percent, Math.floor(a + ((b - a) * Math.min(done, total)) / Math.max(total, 1)));
      this.push({ jobId, tool, phase, done, total, percent });
      await yieldToLoop();
      if (controller.signal.aborted) throw new Cancelled();
    };
    try {
      await step('grid', 0, 1);
      const value = await work(step);
      this.push({ jobId, tool, phase: 'done', done: 1, total: 1, percent: 100 });
      return { status: 'done' as const, ...value };
    } catch (e) {
      if (e instanceof Cancelled || controller.signal.aborted) return { status: 'cancelled' };
      throw e;
    } finally {
      this.running.delete(jobId);
    }
  }

  /** Stop a running job at its next slice; false when no job of that id runs. */
  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    c?.abort();
    return c !== undefined;
  }
}
