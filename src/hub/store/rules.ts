import { MAX_CLOCK_AHEAD_MS } from '../../shared/sync/hlc';
import { Op, OP_PRIORITY, type EntityType } from '../../shared/sync/ops';
import { mergeWrites, nodeOfHlc, writesOfOp, type EntityState } from '../../shared/sync/merge';
import { fieldsProblem, recordProblem, validatesByField } from '../../shared/sync/records';
import { entityDef } from '../../shared/sync/entities';
import { CodedError } from '../../shared/ipc/errors';
import { forbiddenReason, type Role } from '../../shared/sync/roles';
import { LIMITS } from '../../shared/sync/protocol';
import { decideProposal, decisionFields, resourceStatusOnAccept } from '../../shared/sync/decide';
import { HUB_PERSON, type Person, type TimelineEntry, type TimelineKind } from '../../shared/domain/timeline';
import { HUB_NODE, key, type HubMemory } from './memory';

/**
 * The hub's merge and decision rules, the same for every backend: each function reads and
 * changes the hub's memory (`HubMemory`) only; what it logs is written by the backend with the
 * flush's commit.
 */

/** Who is writing: from the verified token and the handshake. */
export interface Writer {
  clientId: string;
  role: Role;
  tokenId: number;
  /** The person the token belongs to: stamped on their timeline entries and proposals. */
  name: string;
  org: string;
  /** The unit the token is bound to (`token create --unit`): its device sends that unit's receipts. */
  unitId: string | null;
}

/** A refused op: the coded error, with the hub's wire codes and when the op may be tried again. */
export class Rejection extends CodedError<string> {
  constructor(
    code: string,
    message: string,
    /** Not remembered: the same op may be accepted later (a clock ahead, a passing failure). */
    readonly retryAfterMs?: number,
  ) {
    super(code, message);
  }
}

/** A receipt this device already sent for the assignment: answered as a duplicate, not logged. */
export class RepeatedReceipt extends Error {
  constructor(readonly seq: number) {
    super('receipt already logged');
  }
}

/** Validate, merge and log one op; throws Rejection when it may not be accepted. */
export function applyOp(m: HubMemory, writer: Writer, sent: Op, sentJson: string): number {
  const k = key(sent.entity, sent.entityId);
  const current = m.stateAt(k) ?? null;
  const exists = current !== null && !current.deletedHlc && Object.keys(current.fields).length > 0;
  // Authors are the hub's to say: the token's person, whatever the client claimed.
  const op = stampCreator(writer, stampAuthor(writer, sent), exists);
  const json = op === sent ? sentJson : JSON.stringify(op);
  if (nodeOfHlc(op.hlc) !== op.clientId)
    throw new Rejection('INVALID_MESSAGE', `the hlc's node must be the client id "${op.clientId}"`);
  const forbidden = forbiddenReason(writer, op, exists);
  if (forbidden) throw new Rejection('FORBIDDEN', `${forbidden}.`);
  const nFields = Object.keys(op.fields).length;
  if (nFields > LIMITS.maxFieldsPerOp)
    throw new Rejection('INVALID_MESSAGE', `op has ${nFields} fields; the limit is ${LIMITS.maxFieldsPerOp}`);
  // The pattern was checked by the Op schema: the first 15 digits are the wall clock.
  const ahead = Number(op.hlc.slice(0, 15)) - m.now();
  if (ahead > MAX_CLOCK_AHEAD_MS) {
    throw new Rejection(
      'CLOCK_AHEAD',
      `the op's clock is ${Math.round(ahead / 1000)} s ahead of the hub's; the limit is ${MAX_CLOCK_AHEAD_MS / 1000} s: correct the device's time`,
      ahead - MAX_CLOCK_AHEAD_MS,
    );
  }
  if (op.seen) {
    const extra = Object.keys(op.seen).find((f) => !Object.prototype.hasOwnProperty.call(op.fields, f));
    if (extra !== undefined)
      throw new Rejection('INVALID_MESSAGE', `seen names field "${extra}", which the op does not write`);
  }
  if ('id' in op.fields && op.fields.id !== op.entityId)
    throw new Rejection('INVALID_MESSAGE', 'fields.id differs from entityId');
  const hasPos = 'position' in op.fields;
  const hasFix = 'positionFixAt' in op.fields;
  const tracked = entityDef(op.entity).trackFields.length > 0;
  if (tracked && hasPos !== hasFix)
    throw new Rejection('INVALID_MESSAGE', 'position and positionFixAt travel together');
  if (op.kind === 'delete' && nFields > 0)
    throw new Rejection('INVALID_MESSAGE', 'a delete carries no fields');
  if (op.kind === 'track') {
    if (!tracked) throw new Rejection('INVALID_MESSAGE', `a ${op.entity} has no track`);
    if (!hasPos || nFields !== 2)
      throw new Rejection('INVALID_MESSAGE', 'a track carries exactly position and positionFixAt');
  }
  if (op.kind !== 'propose' && op.kind !== 'upsert' && !exists) {
    throw new Rejection('UNKNOWN_ENTITY', `${op.entity} ${op.entityId} is unknown to the hub`);
  }
  if (op.kind === 'propose') {
    if (current) throw new Rejection('INVALID_MESSAGE', `assignment id ${op.entityId} is already used`);
    if (op.fields.status !== 'proposed')
      throw new Rejection('INVALID_MESSAGE', 'a proposal has status "proposed"');
    const decided = ['decidedAt', 'rejectionReason', 'rejectionCode', 'rejectionParams'].find(
      (f) => op.fields[f] !== undefined && op.fields[f] !== null,
    );
    if (decided) throw new Rejection('FORBIDDEN', `${decided} is written by the hub when it decides.`);
  }
  if (
    op.entity === 'assignment' &&
    op.kind === 'upsert' &&
    op.fields.status === 'released' &&
    current?.fields.status !== 'accepted'
  ) {
    throw new Rejection(
      'INVALID_TRANSITION',
      `only an accepted assignment can be released; ${op.entityId} is ${String(current?.fields.status ?? 'unknown')}`,
    );
  }
  if (op.kind === 'receipt') return logReceipt(m, writer, op, current!);
  const merged = mergeWrites(op.entity, current, writesOfOp(op));
  if (op.kind !== 'delete') {
    // A write to a deleted record changes nothing, but its fields must still be the record's.
    const byField = (exists || merged.state.deletedHlc) && validatesByField(op.entity);
    const problem = byField
      ? fieldsProblem(op.entity, op.fields)
      : merged.state.deletedHlc
        ? null
        : recordProblem(op.entity, merged.state.fields);
    if (problem) throw new Rejection('INVALID_RECORD', problem);
  }
  // Accepted from here on.
  if (op.hlc > m.maxSeenHlc) m.maxSeenHlc = op.hlc;
  const seq = m.append(op, json);
  if (merged.changed.length > 0 || merged.deleted) m.setState(k, merged.state, op.entity, op.entityId, seq);
  if (op.kind === 'propose') decide(m, writer, op, merged.state);
  return seq;
}

/**
 * A record's creator field (EntityDef.creatorField: an annotation's `createdBy`) is the token's
 * person on the upsert that creates the record; a later upsert does not write it, so the record
 * keeps who created it whatever a client claims.
 */
function stampCreator(writer: Writer, op: Op, exists: boolean): Op {
  const creator = entityDef(op.entity).creatorField;
  if (!creator || op.kind !== 'upsert') return op;
  if (!exists) return { ...op, fields: { ...op.fields, [creator]: personOf(writer) } };
  if (!Object.prototype.hasOwnProperty.call(op.fields, creator)) return op;
  const { [creator]: _kept, ...fields } = op.fields;
  const { seen, ...rest } = op;
  const { [creator]: _seenKept, ...seenRest } = seen ?? {};
  return { ...rest, fields, ...(Object.keys(seenRest).length > 0 ? { seen: seenRest } : {}) };
}

/**
 * A device says it received an order. Only the device bound to the assigned unit may; the time
 * is the hub's (the client's is ignored); one receipt per device and assignment is logged.
 */
function logReceipt(m: HubMemory, writer: Writer, op: Op, current: EntityState): number {
  const a = current.fields;
  if (a.status !== 'accepted')
    throw new Rejection('INVALID_MESSAGE', 'receipts acknowledge accepted assignments only');
  if (a.resourceKind !== 'unit' || writer.unitId === null || a.resourceId !== writer.unitId) {
    throw new Rejection(
      'FORBIDDEN',
      `only the device of the assigned unit ${String(a.resourceId)} may acknowledge this order.`,
    );
  }
  const other = Object.keys(op.fields).find((f) => f !== 'receivedAt');
  if (other !== undefined)
    throw new Rejection('INVALID_MESSAGE', `a receipt carries only receivedAt, not "${other.slice(0, 64)}"`);
  const earlier = m.receiptSeq(op.entityId, op.clientId);
  if (earlier !== undefined) throw new RepeatedReceipt(earlier);
  const stamped: Op = { ...op, fields: { receivedAt: m.flush!.at } };
  const seq = m.append(stamped, JSON.stringify(stamped));
  m.addReceipt(op.entityId, op.clientId, seq);
  appendHubTimeline(
    m,
    String(a.incidentId),
    'device_received',
    personOf(writer),
    { assignmentId: op.entityId, device: op.clientId },
    writer.unitId,
  );
  return seq;
}

/** Decide a proposal just logged: the decision, and on acceptance the resource's new status. */
function decide(m: HubMemory, writer: Writer, op: Op, proposal: EntityState): void {
  const at = m.flush!.at;
  const decision = decideProposal(writer.role, proposal.fields, {
    get: (entity, id) => m.stateAt(key(entity, id)) ?? null,
    assignments: () => assignmentStates(m),
  });
  m.adoptSeen();
  const decided = appendHubOp(m, 'assignment', op.entityId, proposal, decisionFields(decision, at));
  // Accepted: the resource is now on its way (as the standalone store does), logged right
  // after the decision so that no client sees the order without the status.
  const kind = decided.fields.resourceKind === 'aircraft' ? 'aircraft' : 'unit';
  const resourceId = String(decided.fields.resourceId);
  const resource = m.stateAt(key(kind, resourceId));
  const next =
    decision.status === 'accepted' && resource && !resource.deletedHlc
      ? resourceStatusOnAccept(kind, resource.fields.status)
      : null;
  if (resource && next) appendHubOp(m, kind, resourceId, resource, { status: next });
  // And in the incident's timeline, after the status it caused.
  appendHubTimeline(
    m,
    String(proposal.fields.incidentId),
    'dispatch_decided',
    HUB_PERSON,
    {
      assignmentId: op.entityId,
      resourceKind: proposal.fields.resourceKind,
      resourceId: proposal.fields.resourceId,
      status: decision.status,
      code: decision.code,
      params: decision.params,
      reason: decision.reason,
    },
    proposal.fields.resourceKind === 'unit' ? String(proposal.fields.resourceId) : null,
  );
}

/** Log an op written by the hub itself (a decision and what follows from it, a seeded record) and merge it. */
export function appendHubOp(
  m: HubMemory,
  entity: EntityType,
  entityId: string,
  current: EntityState | null,
  fields: Record<string, unknown>,
  priority: number = OP_PRIORITY.order,
): EntityState {
  const hubSeq = ++m.hubOpSeq;
  // Like any writer, the hub says which value of each field it replaced (see isConcurrentOverwrite).
  let seen: Record<string, string> | undefined;
  for (const f of Object.keys(fields)) {
    const had = current && !current.deletedHlc ? current.clocks[f] : undefined;
    if (had) (seen ??= {})[f] = had;
  }
  const hubOp: Op = {
    opId: `${HUB_NODE}:${hubSeq}`,
    clientId: HUB_NODE,
    seq: hubSeq,
    hlc: m.clock.tick(),
    entity,
    entityId,
    kind: 'upsert',
    fields,
    priority,
    ...(seen ? { seen } : {}),
  };
  const merged = mergeWrites(entity, current, writesOfOp(hubOp));
  const seq = m.append(hubOp);
  m.setState(key(entity, entityId), merged.state, entity, entityId, seq);
  return merged.state;
}

/** An entry of the hub's own in an incident's timeline (a decision, a device receipt). */
function appendHubTimeline(
  m: HubMemory,
  incidentId: string,
  kind: TimelineKind,
  by: Person,
  data: Record<string, unknown>,
  unitId: string | null,
): void {
  const id = `tl-hub-${m.hubOpSeq + 1}`;
  const entry: TimelineEntry = {
    id,
    incidentId,
    kind,
    at: m.flush!.at,
    by,
    text: '',
    data,
    corrects: null,
    unitId,
  };
  appendHubOp(m, 'timeline', id, null, { ...entry });
}

function* assignmentStates(m: HubMemory): Iterable<EntityState> {
  for (const k of m.state.keys()) if (k.startsWith('assignment\u0000')) yield m.stateAt(k)!;
}

/** The person a token belongs to, as stamped on what it writes. */
function personOf(writer: Writer): Person {
  return { name: writer.name, org: writer.org, role: writer.role };
}

/**
 * The op as the hub logs it: a record's author field (EntityDef.authorField: a timeline entry's or a
 * zero report's `by`) is the token's person, a proposal's
 * `proposedBy` the token's name, whatever the client wrote there. Other ops are logged as sent.
 */
function stampAuthor(writer: Writer, op: Op): Op {
  const author = entityDef(op.entity).authorField;
  if (author && op.kind === 'upsert') return { ...op, fields: { ...op.fields, [author]: personOf(writer) } };
  if (op.entity === 'assignment' && op.kind === 'propose')
    return { ...op, fields: { ...op.fields, proposedBy: writer.name } };
  return op;
}
