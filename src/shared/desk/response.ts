import type { Person, ResponseLevel, TimelineEntry } from '../domain';

/**
 * An incident's response (应急响应, docs/duty-desk.md §Response plans), read from its timeline: the
 * timeline is the record (response_started / response_adjusted / response_ended, task_assigned,
 * task_done), and this fold is the state every console derives from it alike.
 */

export interface ResponseTask {
  id: string;
  text: string;
  /** The organisation the plan gives it to. */
  planOwner: string;
  /** The named owner a duty officer gave it to (负责人), with who gave it and when. */
  owner: string | null;
  assignedBy: Person | null;
  assignedAt: string | null;
  /** Done: when, by whom, with the note. */
  doneAt: string | null;
  doneBy: Person | null;
  doneNote: string;
}

export interface ResponseStep {
  kind: 'started' | 'adjusted' | 'ended';
  at: string;
  by: Person;
  /** The response level after the step (the level it ended at, for `ended`). */
  level: ResponseLevel;
  from: ResponseLevel | null;
  reason: string;
}

export interface ResponseState {
  /** A response has started and not ended. */
  active: boolean;
  /** Ever started (an ended response keeps its record). */
  started: boolean;
  planId: string;
  planName: string;
  demo: boolean;
  level: ResponseLevel | null;
  lead: string;
  members: string[];
  tasks: ResponseTask[];
  steps: ResponseStep[];
}

interface TaskData {
  id: string;
  text: string;
  owner: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function tasksOf(v: unknown): TaskData[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((t): t is Record<string, unknown> => typeof t === 'object' && t !== null)
    .map((t) => ({ id: str(t.id), text: str(t.text), owner: str(t.owner) }))
    .filter((t) => t.id !== '');
}

/** The response state after these entries (any order; only an incident's own should be passed). */
export function responseState(entries: readonly TimelineEntry[]): ResponseState {
  const state: ResponseState = {
    active: false,
    started: false,
    planId: '',
    planName: '',
    demo: false,
    level: null,
    lead: '',
    members: [],
    tasks: [],
    steps: [],
  };
  const addTasks = (list: TaskData[]) => {
    for (const t of list) {
      if (state.tasks.some((x) => x.id === t.id)) continue;
      state.tasks.push({
        id: t.id,
        text: t.text,
        planOwner: t.owner,
        owner: null,
        assignedBy: null,
        assignedAt: null,
        doneAt: null,
        doneBy: null,
        doneNote: '',
      });
    }
  };
  const sorted = [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
  for (const e of sorted) {
    const d = e.data;
    if (e.kind === 'response_started') {
      // A response started again after it ended is a new response: a fresh checklist.
      if (!state.active) state.tasks = [];
      state.active = state.started = true;
      state.planId = str(d.planId);
      state.planName = str(d.planName);
      state.demo = d.demo === true;
      state.level = str(d.level) as ResponseLevel;
      state.lead = str(d.lead);
      state.members = Array.isArray(d.members) ? d.members.map(str) : [];
      addTasks(tasksOf(d.tasks));
      state.steps.push({
        kind: 'started',
        at: e.at,
        by: e.by,
        level: state.level,
        from: null,
        reason: e.text,
      });
    } else if (e.kind === 'response_adjusted' && state.active) {
      const from = state.level;
      state.level = str(d.to) as ResponseLevel;
      if (typeof d.lead === 'string' && d.lead) state.lead = d.lead;
      if (Array.isArray(d.members)) state.members = d.members.map(str);
      addTasks(tasksOf(d.tasks));
      state.steps.push({ kind: 'adjusted', at: e.at, by: e.by, level: state.level, from, reason: e.text });
    } else if (e.kind === 'response_ended' && state.active) {
      state.active = false;
      state.steps.push({
        kind: 'ended',
        at: e.at,
        by: e.by,
        level: state.level!,
        from: null,
        reason: e.text,
      });
    } else if (e.kind === 'task_assigned') {
      const t = state.tasks.find((x) => x.id === str(d.taskId));
      if (!t) continue;
      t.owner = str(d.owner);
      t.assignedBy = e.by;
      t.assignedAt = e.at;
    } else if (e.kind === 'task_done') {
      const t = state.tasks.find((x) => x.id === str(d.taskId));
      if (!t || t.doneAt) continue;
      t.doneAt = e.at;
      t.doneBy = e.by;
      t.doneNote = e.text;
    }
  }
  return state;
}

/** Tasks still open on an active response. */
export function openTasks(state: ResponseState): ResponseTask[] {
  return state.active ? state.tasks.filter((t) => !t.doneAt) : [];
}
