import { ZeroReport, zeroReportId, type ZeroReportStatus } from '../../shared/domain';
import { OP_PRIORITY } from '../../shared/sync';
import { CodedError } from '../../shared/ipc/errors';
import { recordLocalOp, type StoreContext } from './context';
import { currentPerson, deskNow } from './desk';
import { putRecord } from './repositories/records';
import { listZeroReports, zeroReportTable } from './repositories/zeroReports';

export interface ZeroReportInput {
  date: string;
  city: { adcode: string; name: string };
  status: ZeroReportStatus;
  note?: string;
}

/**
 * 零报告: confirm a city's day, by the person on duty, as one record and one sync op in a transaction
 * (the hub stamps its token's person over whatever `by` says). The caller checks the city against
 * the configured list; a second confirmation of the same city and day replaces the first.
 */
export function confirmZeroReport(ctx: StoreContext, input: ZeroReportInput): ZeroReport {
  const by = currentPerson(ctx);
  if (!by)
    throw new CodedError(
      'SIGN_IN_REQUIRED',
      'Nobody is signed in on this desk. Sign in for the shift (值班签到), then confirm the zero report again.',
    );
  const record = ZeroReport.parse({
    id: zeroReportId(input.date, input.city.adcode),
    date: input.date,
    cityAdcode: input.city.adcode,
    cityName: input.city.name,
    status: input.status,
    note: input.note ?? '',
    by,
    at: deskNow(ctx),
  });
  return ctx.db.transaction(() => {
    const stored = putRecord(ctx.db, zeroReportTable, record);
    recordLocalOp(ctx, 'zero_report', stored.id, 'upsert', { ...stored }, OP_PRIORITY.status);
    return stored;
  })();
}

export const zeroReportsOf = (ctx: StoreContext, date: string): ZeroReport[] => listZeroReports(ctx.db, date);
