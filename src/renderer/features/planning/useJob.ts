import { useEffect, useRef, useState } from 'react';
import type { AppError, RequestOf, ResponseOf } from '../../../shared/ipc';
import type { PlanningProgress } from '../../../shared/ipc/planningContract';
import { api } from '../../services/api';

type JobChannel = 'planning:moveUp' | 'planning:siting';
type Done<C extends JobChannel> = Extract<ResponseOf<C>, { status: 'done' }>;

export type JobState<C extends JobChannel> =
  | { phase: 'idle' }
  | { phase: 'running'; progress: PlanningProgress | null }
  | { phase: 'done'; value: Done<C> }
  | { phase: 'cancelled' }
  | { phase: 'failed'; error: AppError };

/** A long step can take a minute on a loaded machine: far longer than an ordinary request. */
const JOB_TIMEOUT_MS = 10 * 60_000;

/**
 * A long planning step run in main (move-up, siting): its progress from `planning:progress`, and
 * cancel. One at a time per tool; a new start replaces the shown result.
 */
export function usePlanningJob<C extends JobChannel>(channel: C) {
  const [state, setState] = useState<JobState<C>>({ phase: 'idle' });
  const current = useRef<string | null>(null);
  useEffect(
    () =>
      api.on('planning:progress', (p) => {
        if (p.jobId === current.current && p.phase !== 'done') setState({ phase: 'running', progress: p });
      }),
    [],
  );
  // Leaving the view stops its job: nobody is waiting for the answer.
  useEffect(
    () => () => {
      if (current.current) void api.invoke('planning:cancel', { jobId: current.current });
    },
    [],
  );
  const start = async (req: Omit<RequestOf<C>, 'jobId'>) => {
    if (current.current) return;
    const jobId = `${channel.slice(9)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    current.current = jobId;
    setState({ phase: 'running', progress: null });
    const r = await api.invoke(channel, { ...req, jobId } as RequestOf<C>, { timeoutMs: JOB_TIMEOUT_MS });
    if (current.current !== jobId) return;
    current.current = null;
    if (!r.ok) setState({ phase: 'failed', error: r.error });
    else if (r.value.status === 'cancelled') setState({ phase: 'cancelled' });
    else setState({ phase: 'done', value: r.value as Done<C> });
  };
  const cancel = async () => {
    if (current.current) await api.invoke('planning:cancel', { jobId: current.current });
  };
  return { state, start, cancel, running: state.phase === 'running' };
}
