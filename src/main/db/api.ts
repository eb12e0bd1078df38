import type { Scenario } from '../../shared/domain';
import * as c from './commands';
import * as life from './incidentLife';
import * as desk from './desk';
import * as air from './airReadiness';
import * as zero from './zeroReports';
import * as consult from './consultations';
import * as shift from './dutyShift';
import * as plans from './responsePlans';
import * as warnings from './warnings';
import * as annotations from './annotations';
import { recordPlanningNotes, type PlanningNote } from './planning';
import { listTimelineOfKinds, timelineTable } from './repositories/timeline';
import { listRecords } from './repositories/records';
import { REPORT_STATE_KINDS, REPORT_UNTIL_KINDS } from '../../shared/reports/aggregate';

const DESK_KINDS = [
  'level',
  'status',
  'report_initial',
  'report_followup',
  'report_final',
  'order_acknowledged',
  'alert_acknowledged',
] as const;
import type { StoreContext } from './commands';
import type { DeskConfig } from '../../shared/desk';
import { syncStoreApi } from './syncStore';
import { minutesStoreApi } from './minutes';
import { MINUTES_KINDS } from '../../shared/domain/minutes';

/**
 * Every operation the store worker performs, by name. The worker owns the only connection
 * (one writer); callers reach these through StoreClient.call, which is typed from this map.
 */
export const storeApi = {
  // The sync engine's operations (src/main/sync); see syncStore.ts.
  ...syncStoreApi,
  // 会商纪要: decisions and action items (src/main/db/minutes.ts).
  ...minutesStoreApi,
  status: (ctx: StoreContext) => c.getStoreStatus(ctx),
  isEmpty: (ctx: StoreContext) => c.isEmpty(ctx),
  picture: (ctx: StoreContext) => c.getPicture(ctx),
  importScenario: (ctx: StoreContext, a: { scenario: Scenario; replicate?: boolean }) =>
    c.importScenario(ctx, a.scenario, { replicate: a.replicate }),
  createIncident: (ctx: StoreContext, a: c.NewIncident) => c.createIncident(ctx, a),
  updateIncident: (ctx: StoreContext, a: { id: string; patch: c.IncidentPatch }) =>
    c.updateIncident(ctx, a.id, a.patch),
  setIncidentStatus: (
    ctx: StoreContext,
    a: { id: string; status: Parameters<typeof c.setIncidentStatus>[2]; note?: string },
  ) => c.setIncidentStatus(ctx, a.id, a.status, a.note),
  setIncidentLevel: (ctx: StoreContext, a: { id: string; level: string; reason: string }) =>
    life.setIncidentLevel(ctx, a.id, a.level, a.reason),
  followUpIncident: (ctx: StoreContext, a: { id: string } & Parameters<typeof life.followUpIncident>[2]) =>
    life.followUpIncident(ctx, a.id, a),
  addIncidentNote: (ctx: StoreContext, a: { id: string; text: string }) =>
    life.addIncidentNote(ctx, a.id, a.text),
  correctTimeline: (ctx: StoreContext, a: { entryId: string; text: string }) =>
    life.correctTimeline(ctx, a.entryId, a.text),
  recordReport: (
    ctx: StoreContext,
    a: { id: string; kind: keyof typeof life.REPORT_KINDS; text: string; to?: life.ReportTo },
  ) => life.recordReport(ctx, a.id, a.kind, a.text, a.to),
  acknowledgeAlert: (ctx: StoreContext, a: { incidentId: string; alertId: string; kind: string }) =>
    life.acknowledgeAlert(ctx, a.incidentId, a.alertId, a.kind),
  acknowledgeAlerts: (
    ctx: StoreContext,
    a: { alerts: { incidentId: string; alertId: string; kind: string }[] },
  ) => life.acknowledgeAlerts(ctx, a.alerts),
  acknowledgeOrder: (ctx: StoreContext, a: { id: string }) => life.acknowledgeOrder(ctx, a.id),
  reportUnitStatus: (
    ctx: StoreContext,
    a: { id: string; status: Parameters<typeof life.reportUnitStatus>[2]; note?: string },
  ) => life.reportUnitStatus(ctx, a.id, a.status, a.note),
  reportPosition: (ctx: StoreContext, a: { id: string; position: [number, number]; fixAt: string }) =>
    life.reportPosition(ctx, a.id, a.position, a.fixAt),
  listTimeline: (ctx: StoreContext, a: { incidentId: string }) => desk.listTimeline(ctx.db, a.incidentId),
  /** The entries alerts and deadlines read, across incidents (and the minutes' action items). */
  listDeskTimeline: (ctx: StoreContext) => [
    ...listTimelineOfKinds(ctx.db, DESK_KINDS),
    ...listTimelineOfKinds(ctx.db, MINUTES_KINDS),
  ],
  /**
   * What a situation report reads (src/shared/reports/aggregate.ts): every status, level and figures
   * entry, and reports and unit movements before `before` (the window's end; instants are stored as
   * UTC ISO strings, so the comparison is by time).
   */
  listReportTimeline: (ctx: StoreContext, a: { before: string }) =>
    listRecords(
      ctx.db,
      timelineTable,
      `WHERE kind IN (${REPORT_STATE_KINDS.map(() => '?').join(',')})
          OR (kind IN (${REPORT_UNTIL_KINDS.map(() => '?').join(',')}) AND at < ?) ORDER BY at, id`,
      [...REPORT_STATE_KINDS, ...REPORT_UNTIL_KINDS, a.before],
    ),
  whoIsOnDuty: (ctx: StoreContext) => desk.currentPerson(ctx),
  signIn: (ctx: StoreContext, a: { name: string; org?: string }) => desk.signIn(ctx, a),
  acknowledgeIncident: (ctx: StoreContext, a: { id: string }) => c.acknowledgeIncident(ctx, a.id),
  setBaseWeather: (ctx: StoreContext, a: { id: string; weather: Parameters<typeof air.setBaseWeather>[2] }) =>
    air.setBaseWeather(ctx, a.id, a.weather),
  setAircraftReadiness: (ctx: StoreContext, { id, ...change }: { id: string } & air.AircraftReadiness) =>
    air.setAircraftReadiness(ctx, id, change),
  confirmZeroReport: (ctx: StoreContext, a: zero.ZeroReportInput) => zero.confirmZeroReport(ctx, a),
  listZeroReports: (ctx: StoreContext, a: { date: string }) => zero.zeroReportsOf(ctx, a.date),
  openConsultation: (ctx: StoreContext, a: consult.OpenConsultation) => consult.openConsultation(ctx, a),
  endConsultation: (ctx: StoreContext, a: { id: string }) => consult.endConsultation(ctx, a.id),
  listConsultations: (ctx: StoreContext) => consult.consultationsOf(ctx),
  saveExpert: (ctx: StoreContext, a: consult.ExpertInput) => consult.saveExpert(ctx, a),
  listExperts: (ctx: StoreContext) => consult.expertsOf(ctx),
  saveAnnotation: (ctx: StoreContext, a: annotations.AnnotationInput) => annotations.saveAnnotation(ctx, a),
  removeAnnotation: (ctx: StoreContext, a: { id: string }) => annotations.removeAnnotation(ctx, a.id),
  listAnnotations: (ctx: StoreContext, a: { incidentId: string }) =>
    annotations.annotationsOf(ctx, a.incidentId),
  saveDutyShift: (ctx: StoreContext, a: { shift: shift.ShiftInput; shiftChange: string }) =>
    shift.saveDutyShift(ctx, a.shift, a.shiftChange),
  listRoster: (ctx: StoreContext, a: { from: string; to: string }) => shift.rosterOf(ctx, a.from, a.to),
  addDutyLog: (ctx: StoreContext, a: Parameters<typeof shift.addDutyLog>[1]) => shift.addDutyLog(ctx, a),
  correctDutyLog: (ctx: StoreContext, a: { entryId: string; text: string }) => shift.correctDutyLog(ctx, a),
  listDutyLog: (ctx: StoreContext, a: { from: string; to: string }) => shift.dutyLogOf(ctx, a.from, a.to),
  handoverItems: (ctx: StoreContext, a: { cfg: DeskConfig }) => shift.handoverItemsNow(ctx, a.cfg),
  signHandover: (ctx: StoreContext, a: { handover: shift.HandoverInput; cfg: DeskConfig }) =>
    shift.signHandover(ctx, a.handover, a.cfg),
  acceptHandover: (ctx: StoreContext, a: { handoverId: string; text?: string }) =>
    shift.acceptHandover(ctx, a),
  listHandovers: (ctx: StoreContext, a: { limit?: number }) => shift.handoversOf(ctx, a.limit),
  importResponsePlans: (ctx: StoreContext, a: { library: unknown }) =>
    plans.importPlanLibrary(ctx, a.library),
  listResponsePlans: (ctx: StoreContext) => plans.responsePlansOf(ctx),
  startResponse: (ctx: StoreContext, a: plans.StartResponse) => plans.startResponse(ctx, a),
  adjustResponse: (ctx: StoreContext, a: plans.AdjustResponse) => plans.adjustResponse(ctx, a),
  endResponse: (ctx: StoreContext, a: { incidentId: string; reason: string }) => plans.endResponse(ctx, a),
  assignResponseTask: (ctx: StoreContext, a: { incidentId: string; taskId: string; owner: string }) =>
    plans.assignTask(ctx, a),
  completeResponseTask: (ctx: StoreContext, a: { incidentId: string; taskId: string; note?: string }) =>
    plans.completeTask(ctx, a),
  getResponse: (ctx: StoreContext, a: { incidentId: string }) => plans.responseOf(ctx, a.incidentId),
  listWarnings: (ctx: StoreContext) => warnings.warningsOf(ctx),
  saveWarningDraft: (ctx: StoreContext, a: warnings.WarningDraft) => warnings.saveWarningDraft(ctx, a),
  actOnWarning: (ctx: StoreContext, a: Parameters<typeof warnings.actOnWarning>[1]) =>
    warnings.actOnWarning(ctx, a),
  importWarning: (ctx: StoreContext, a: Parameters<typeof warnings.importWarning>[1]) =>
    warnings.importWarning(ctx, a),
  setUnitStatus: (ctx: StoreContext, a: { id: string; status: Parameters<typeof c.setUnitStatus>[2] }) =>
    c.setUnitStatus(ctx, a.id, a.status),
  trackUnit: (ctx: StoreContext, a: { id: string; position: [number, number]; fixAt: string }) =>
    c.trackUnit(ctx, a.id, a.position, a.fixAt),
  proposeAssignment: (ctx: StoreContext, a: c.NewAssignment) => c.proposeAssignment(ctx, a),
  decideAssignmentLocally: (ctx: StoreContext, a: { id: string }) => c.decideAssignmentLocally(ctx, a.id),
  releaseAssignment: (ctx: StoreContext, a: { id: string; reason?: string }) =>
    c.releaseAssignment(ctx, a.id, a.reason),
  /** A planning tool's proposal without a dispatch path, in the timelines of the incidents it serves. */
  recordPlanningNotes: (ctx: StoreContext, a: { notes: PlanningNote[] }) => recordPlanningNotes(ctx, a.notes),
  listConflicts: (ctx: StoreContext, a: { unseenOnly?: boolean }) => c.listConflicts(ctx.db, a),
  markConflictsSeen: (ctx: StoreContext, a: { ids: number[] }) => c.markConflictsSeen(ctx.db, a.ids),
};

export type StoreApi = typeof storeApi;
export type StoreOp = keyof StoreApi;
export type StoreArgs<K extends StoreOp> = Parameters<StoreApi[K]> extends [StoreContext, infer A] ? A : void;
export type StoreResult<K extends StoreOp> = ReturnType<StoreApi[K]>;
