import {
  PlanLibrary,
  ResponsePlan,
  planLevelFor,
  type PlanLevel,
  type ResponseLevel,
} from '../../shared/domain';
import { responseState, type ResponseState } from '../../shared/desk';
import { OP_PRIORITY } from '../../shared/sync';
import { CodedError } from '../../shared/ipc/errors';
import { firstIssue } from '../../shared/util/issues';
import { recordLocalOp, type StoreContext } from './context';
import { addTimeline, currentPerson, deskNow, listTimeline } from './desk';
import { requireIncident } from './commands';
import { putRecord } from './repositories/records';
import { getResponsePlan, listResponsePlans, responsePlanTable } from './repositories/responsePlans';

/**
 * 预案 (docs/duty-desk.md §Response plans): the plan library and an incident's response. The
 * library is imported from a validated JSON file, one synced record per plan; a response and its
 * checklist are timeline entries, so who started, adjusted, ended, owned and completed what is in
 * the incident's record, and every console folds the same state from it (src/shared/desk/response.ts).
 */

export interface PlanImport {
  library: string;
  demo: boolean;
  plans: { id: string; name: string }[];
}

/** Validate a plan library file's content and put its plans in the store (replacing same ids). */
export function importPlanLibrary(ctx: StoreContext, content: unknown): PlanImport {
  const by = currentPerson(ctx);
  if (!by)
    throw new CodedError(
      'SIGN_IN_REQUIRED',
      'Nobody is signed in on this desk. Sign in for the shift (值班签到), then import the plans again.',
    );
  const parsed = PlanLibrary.safeParse(content);
  if (!parsed.success) {
    const { path: field, message } = firstIssue(parsed.error);
    throw new CodedError(
      'INVALID',
      `Response plan library: ${field}: ${message}. Correct the file (format jinying-response-plans, version 1; docs/duty-desk.md) and import it again; nothing was imported.`,
      { field, variant: 'planLibrary' },
    );
  }
  const lib = parsed.data;
  const at = deskNow(ctx);
  return ctx.db.transaction(() => {
    for (const plan of lib.plans) {
      const record = ResponsePlan.parse({ ...plan, library: lib.name, demo: lib.demo, by, at });
      putRecord(ctx.db, responsePlanTable, record);
      recordLocalOp(ctx, 'response_plan', record.id, 'upsert', { ...record }, OP_PRIORITY.bulk);
    }
    return { library: lib.name, demo: lib.demo, plans: lib.plans.map((p) => ({ id: p.id, name: p.name })) };
  })();
}

export const responsePlansOf = (ctx: StoreContext) => listResponsePlans(ctx.db);

const reasonOf = (text: string, what: string) => {
  const t = text.trim();
  if (!t)
    throw new CodedError('INVALID', `${what}: a reason is required. Write why, then try again.`, {
      field: 'reason',
      variant: 'reasonRequired',
    });
  if (t.length > 2000)
    throw new CodedError('INVALID', `${what}: the reason is ${t.length} characters; the limit is 2000.`, {
      field: 'reason',
    });
  return t;
};

function stateOf(ctx: StoreContext, incidentId: string): ResponseState {
  return responseState(listTimeline(ctx.db, incidentId));
}

function requireActive(ctx: StoreContext, incidentId: string): ResponseState {
  const state = stateOf(ctx, incidentId);
  if (!state.active)
    throw new CodedError(
      'INVALID',
      `Incident ${incidentId} has no response under way. Start one (启动响应) from a plan first.`,
      { field: 'incidentId', variant: 'noResponse' },
    );
  return state;
}

const rowData = (row: PlanLevel) => ({ lead: row.lead, members: row.members, tasks: row.tasks });

export interface StartResponse {
  incidentId: string;
  planId: string;
  /** The response level, when the officer starts another than the plan's for the incident's level. */
  level?: ResponseLevel;
  reason: string;
}

/** 启动响应: start the plan's response on an open incident; its checklist comes with it. */
export function startResponse(ctx: StoreContext, a: StartResponse): ResponseState {
  const incident = requireIncident(ctx, a.incidentId);
  if (incident.status === 'closed')
    throw new CodedError('INVALID', `Incident ${incident.id} is closed; a response cannot start on it.`, {
      field: 'incidentId',
      variant: 'closedNoResponse',
    });
  const plan = getResponsePlan(ctx.db, a.planId);
  if (!plan)
    throw new CodedError(
      'NOT_FOUND',
      `Response plan ${a.planId} is not in the library. Import the plan library (预案库) or choose another plan.`,
      { field: 'planId', kind: 'plan', id: a.planId },
    );
  if (stateOf(ctx, incident.id).active)
    throw new CodedError(
      'INVALID',
      `A response is already under way on incident ${incident.id}. Adjust its level or end it instead.`,
      { field: 'incidentId', variant: 'responseActive' },
    );
  const row = planLevelFor(plan, incident.level);
  const level = a.level ?? row.responseLevel;
  const reason = reasonOf(a.reason, 'Start response');
  ctx.db.transaction(() =>
    addTimeline(ctx, {
      incidentId: incident.id,
      kind: 'response_started',
      text: reason,
      data: {
        planId: plan.id,
        planName: plan.name,
        demo: plan.demo,
        incidentLevel: incident.level,
        level,
        ...rowData(row),
      },
    }),
  )();
  return stateOf(ctx, incident.id);
}

export interface AdjustResponse {
  incidentId: string;
  level: ResponseLevel;
  reason: string;
}

/**
 * 调整响应: change the response level. The plan's row for that response level, if it has one, brings
 * its lead, members and any tasks not yet on the checklist; done tasks stay done.
 */
export function adjustResponse(ctx: StoreContext, a: AdjustResponse): ResponseState {
  const state = requireActive(ctx, a.incidentId);
  if (state.level === a.level)
    throw new CodedError('INVALID', `The response is already at level ${a.level}. Choose another level.`, {
      field: 'level',
      variant: 'sameLevel',
    });
  const reason = reasonOf(a.reason, 'Adjust response');
  const plan = getResponsePlan(ctx.db, state.planId);
  const row = plan?.levels.find((l) => l.responseLevel === a.level);
  ctx.db.transaction(() =>
    addTimeline(ctx, {
      incidentId: a.incidentId,
      kind: 'response_adjusted',
      text: reason,
      data: { from: state.level, to: a.level, ...(row ? rowData(row) : {}) },
    }),
  )();
  return stateOf(ctx, a.incidentId);
}

/** 终止响应: end the response; its record (and open tasks) stay in the timeline. */
export function endResponse(ctx: StoreContext, a: { incidentId: string; reason: string }): ResponseState {
  const state = requireActive(ctx, a.incidentId);
  const reason = reasonOf(a.reason, 'End response');
  ctx.db.transaction(() =>
    addTimeline(ctx, {
      incidentId: a.incidentId,
      kind: 'response_ended',
      text: reason,
      data: { level: state.level, openTasks: state.tasks.filter((t) => !t.doneAt).length },
    }),
  )();
  return stateOf(ctx, a.incidentId);
}

function requireTask(state: ResponseState, taskId: string) {
  const task = state.tasks.find((t) => t.id === taskId);
  if (!task)
    throw new CodedError(
      'NOT_FOUND',
      `Task ${taskId} is not on this response's checklist. Reload the checklist.`,
      {
        field: 'taskId',
        kind: 'task',
        id: taskId,
      },
    );
  return task;
}

/** Give a checklist task a named owner (负责人); a later assignment replaces it. */
export function assignTask(
  ctx: StoreContext,
  a: { incidentId: string; taskId: string; owner: string },
): ResponseState {
  const state = requireActive(ctx, a.incidentId);
  const task = requireTask(state, a.taskId);
  const owner = a.owner.trim();
  if (!owner || owner.length > 100)
    throw new CodedError(
      'INVALID',
      'Task owner: write the name (and unit) of the person responsible, 1–100 characters.',
      {
        field: 'owner',
        variant: 'ownerRequired',
      },
    );
  if (task.doneAt)
    throw new CodedError('INVALID', `Task “${task.text}” is already done; it needs no owner now.`, {
      field: 'taskId',
      variant: 'taskDone',
    });
  ctx.db.transaction(() =>
    addTimeline(ctx, {
      incidentId: a.incidentId,
      kind: 'task_assigned',
      text: '',
      data: { taskId: task.id, task: task.text, owner },
    }),
  )();
  return stateOf(ctx, a.incidentId);
}

/** Mark a checklist task done, with an optional note; done once. */
export function completeTask(
  ctx: StoreContext,
  a: { incidentId: string; taskId: string; note?: string },
): ResponseState {
  const state = requireActive(ctx, a.incidentId);
  const task = requireTask(state, a.taskId);
  if (task.doneAt)
    throw new CodedError('INVALID', `Task “${task.text}” was already done by ${task.doneBy?.name ?? '?'}.`, {
      field: 'taskId',
      variant: 'taskDone',
    });
  const note = (a.note ?? '').trim();
  ctx.db.transaction(() =>
    addTimeline(ctx, {
      incidentId: a.incidentId,
      kind: 'task_done',
      text: note,
      data: { taskId: task.id, task: task.text, owner: task.owner },
    }),
  )();
  return stateOf(ctx, a.incidentId);
}

/** The response of one incident, folded from its timeline. */
export const responseOf = (ctx: StoreContext, incidentId: string) => stateOf(ctx, incidentId);
