import {
  AirspaceApproval,
  BaseWeather,
  CrewPosture,
  type AviationBase,
  type Person,
} from '../../shared/domain';
import { OP_PRIORITY } from '../../shared/sync';
import { recordLocalOp, type StoreContext } from './context';
import { currentPerson, deskNow } from './desk';
import { getAircraft, getBase, putAircraft, putBase } from './repositories/bases';
import { CodedError } from '../../shared/ipc/errors';

/**
 * The duty officer's aviation readiness decisions (docs/dispatch.md, "Aircraft availability"): a
 * base's weather status, an aircraft's crew posture and airspace approval. Each is a record
 * change queued as a sync op in the same transaction, so it reaches the hub and every console,
 * and the op log keeps who changed it and when (the hub stamps the person from the token; a
 * standalone desk, the person signed in). The base also carries who set its weather and when,
 * for the details panel.
 */

function signedIn(ctx: StoreContext): Person {
  const p = currentPerson(ctx);
  if (!p)
    throw new CodedError(
      'SIGN_IN_REQUIRED',
      'Nobody is signed in on this desk. Sign in for the shift (值班签到), then set the status again.',
    );
  return p;
}

function requireBase(ctx: StoreContext, id: string): AviationBase {
  const b = getBase(ctx.db, id);
  if (!b)
    throw new CodedError(
      'NOT_FOUND',
      `No aviation base with id "${id}". Refresh the list; it may have been removed.`,
      {
        kind: 'base',
        id,
      },
    );
  return b;
}

/** Set a base's weather status (VFR, IFR, closed); unchanged status: no op. Returns the base. */
export function setBaseWeather(ctx: StoreContext, id: string, weather: BaseWeather): AviationBase {
  const to = BaseWeather.parse(weather);
  return ctx.db.transaction(() => {
    const base = requireBase(ctx, id);
    const by = signedIn(ctx);
    if ((base.weather ?? 'vfr') === to && base.weatherSetAt) return base;
    const fields = { weather: to, weatherSetAt: deskNow(ctx), weatherSetBy: by.name };
    const next = putBase(ctx.db, { ...base, ...fields });
    recordLocalOp(ctx, 'base', id, 'upsert', fields, OP_PRIORITY.status);
    return next;
  })();
}

export interface AircraftReadiness {
  crewPosture?: CrewPosture;
  airspaceApproval?: AirspaceApproval;
}

/**
 * Set an aircraft's crew posture and/or airspace approval. Marking approval pending records when
 * it was asked for (the hold is counted from then); approving clears it. Returns its base.
 */
export function setAircraftReadiness(ctx: StoreContext, id: string, change: AircraftReadiness): AviationBase {
  const posture = change.crewPosture === undefined ? undefined : CrewPosture.parse(change.crewPosture);
  const airspace =
    change.airspaceApproval === undefined ? undefined : AirspaceApproval.parse(change.airspaceApproval);
  return ctx.db.transaction(() => {
    const a = getAircraft(ctx.db, id);
    if (!a)
      throw new CodedError(
        'NOT_FOUND',
        `No aircraft with id "${id}". Refresh the list; it may have been removed.`,
        {
          kind: 'aircraft',
          id,
        },
      );
    signedIn(ctx);
    const fields: Record<string, unknown> = {};
    if (posture !== undefined && (a.crewPosture ?? 'on_base') !== posture) fields.crewPosture = posture;
    if (airspace !== undefined && (a.airspaceApproval ?? 'approved') !== airspace) {
      fields.airspaceApproval = airspace;
      fields.airspaceRequestedAt = airspace === 'pending' ? deskNow(ctx) : null;
    }
    if (Object.keys(fields).length > 0) {
      putAircraft(ctx.db, { ...a, ...fields });
      recordLocalOp(ctx, 'aircraft', id, 'upsert', fields, OP_PRIORITY.status);
    }
    return requireBase(ctx, a.baseId);
  })();
}
