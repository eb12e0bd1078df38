/**
 * One run of a task at a time. A call while a run is in flight joins it and asks for one more
 * pass when it ends, so a burst of calls costs the run in flight plus at most one more, and every
 * caller's promise settles after a pass that started after its call (nothing it asked for is
 * missed). A failing pass ends the run: its callers see the error, the next call starts afresh.
 */
export interface SingleFlight {
  /** Run the task, or join the run in flight and ask for one more pass. */
  (): Promise<void>;
  /** The run in flight, if any (to wait for it at shutdown). */
  readonly inFlight: Promise<void> | null;
}

export function singleFlight(
  task: () => Promise<void>,
  /** Checked before each extra pass: false stops the run (e.g. the link went down). */
  mayContinue: () => boolean = () => true,
): SingleFlight {
  let inFlight: Promise<void> | null = null;
  let again = false;
  const run = async () => {
    try {
      do {
        again = false;
        await task();
      } while (again && mayContinue());
    } finally {
      inFlight = null;
    }
  };
  const call = (() => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    return (inFlight = run());
  }) as SingleFlight;
  Object.defineProperty(call, 'inFlight', { get: () => inFlight });
  return call;
}
