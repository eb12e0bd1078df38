import type { EntityType } from '../../../shared/sync/entities';
import { assignmentTable } from './assignments';
import { aircraftTable, baseTable } from './bases';
import { depotTable } from './depots';
import { incidentTable } from './incidents';
import type { TableSpec } from './records';
import { timelineTable } from './timeline';
import { unitTable } from './units';
import { zeroReportTable } from './zeroReports';
import { dutyLogTable, dutyShiftTable, handoverTable } from './duty';
import { responsePlanTable } from './responsePlans';
import { warningActionTable, warningTable } from './warnings';
import { consultationTable, expertTable } from './consultations';
import { annotationTable } from './annotations';

/**
 * Where each replicated entity type is stored: the one place in main that maps the registry
 * (src/shared/sync/entities.ts) to tables. The compiler asks for an entry here when a type is
 * added there; the table itself comes from a migration.
 */
export const ENTITY_TABLES: { readonly [K in EntityType]: TableSpec<K> } = {
  incident: incidentTable,
  unit: unitTable,
  base: baseTable,
  aircraft: aircraftTable,
  depot: depotTable,
  assignment: assignmentTable,
  timeline: timelineTable,
  zero_report: zeroReportTable,
  duty_shift: dutyShiftTable,
  duty_log: dutyLogTable,
  handover: handoverTable,
  response_plan: responsePlanTable,
  warning: warningTable,
  warning_action: warningActionTable,
  consultation: consultationTable,
  expert: expertTable,
  annotation: annotationTable,
};

/** The table of an entity type, for code that handles every type alike. */
export function tableOf(entity: EntityType): TableSpec {
  return ENTITY_TABLES[entity];
}
