import {
  UNIT_STATUSES,
  type AircraftCategory,
  type AviationBase,
  type Capability,
  type HazardType,
  type RescueUnit,
  type ResponseLevel,
  type UnitKind,
  type UnitStatus,
} from '../domain';
import { CROW_FLIES_DRIVE_BAND, type Position } from '../geo';
import { BUCKET_HAZARDS, type SpeedBasis } from './airMission';
import { explainAvailability as explainConditions, type AvailabilityReason } from './airAvailability';
import { capabilityMask, DEFAULT_HAZARD_CAPABILITIES, type HazardCapabilityTable } from './capabilities';
import type { Confidence, FixState } from './confidence';
import {
  capabilitiesIn,
  filterForSlot,
  makeContext,
  topK,
  type AircraftRefusal,
  type ContextOptions,
  type RankContext,
  type Ranked,
} from './rank';
import { DEFAULT_RUN_CARDS, runCardFor, type RunCardSlot, type RunCardTable } from './runCards';
import { countByStatus, unitIndexFor, type UnitIndex } from './unitIndex';

/** The operational picture the engine needs; a Scenario fits. Arrays are treated as immutable. */
export interface ScenarioLike {
  units: readonly RescueUnit[];
  bases?: readonly AviationBase[];
}

/** An incident as the engine needs it; an Incident fits. */
export interface IncidentLike {
  id?: string;
  location: Position;
  hazard: HazardType;
  level: ResponseLevel;
  /** Optional needs beyond the run card. */
  needs?: { headcount?: number };
}

export interface RecommendOptions extends ContextOptions {
  /** How many ranked candidates to return (default 10). */
  limit?: number;
  hazardCapabilities?: HazardCapabilityTable;
  /** Run cards to fill, or false for none (default: DEFAULT_RUN_CARDS). */
  runCards?: RunCardTable | false;
  /** Include aircraft from the bases (default true). */
  includeAircraft?: boolean;
  /** A prebuilt index over `scenario.units` (default: built once per units array and cached). */
  index?: UnitIndex;
  /**
   * Resources already sent to this incident (proposed or accepted assignments): they fill run-card
   * slots first, so the card asks only for what is still missing.
   */
  committed?: readonly CommittedResource[];
  /**
   * The time by which the whole run card must be on scene for it to count as complete, minutes
   * (default RUN_CARD_TARGET_MINUTES). A card whose last resource arrives later is filled but late,
   * never "complete": a 7-hour response is not a response.
   */
  runCardTargetMinutes?: number;
}

/** Default on-scene target for a whole run card: the golden hour of the provincial plan. */
export const RUN_CARD_TARGET_MINUTES = 60;

/** A resource already sent to the incident, as the run card needs it. */
export interface CommittedResource {
  resource: 'unit' | 'aircraft';
  id: string;
  name: string;
  capabilities: readonly Capability[];
  /** Unit kind or aircraft category. */
  kind: string;
  bucketLitres?: number;
  /** Expected arrival when it was sent (ISO time), or null when not known. */
  arrivesAt: string | null;
}

export type CandidateNote =
  'returning' | 'fix_aging' | 'fix_stale' | 'link_down' | 'fix_in_future' | 'at_incident' | 'no_route';

/** One ranked resource. Edge units: km and minutes, named in the field. */
export interface Candidate {
  rank: number;
  resource: 'unit' | 'aircraft';
  id: string;
  name: string;
  kind: UnitKind | AircraftCategory;
  status: string;
  /** Where it starts from: the unit's last fix, or the aircraft's base. */
  from: [number, number];
  baseId: string | null;
  baseName: string | null;
  distanceKm: number;
  etaMinutes: number;
  /** The ETA allowing for how far the unit may have moved since its last fix. */
  etaRangeMinutes: [number, number];
  /**
   * Ground units priced by the crow-flies model: the ETA allowing for the model's own error (real
   * roads may be up to 3× faster or 1.3× slower: CROW_FLIES_DRIVE_BAND), distinct from the
   * position-age range. Null for aircraft and for ETAs a road router priced.
   */
  roadBandMinutes: [number, number] | null;
  eta: EtaParts;
  /** The hazard's capabilities this resource has (why it qualifies). */
  qualifiesBy: Capability[];
  headcount: number;
  /** Headcount of this and all higher-ranked ground units. */
  cumulativeHeadcount: number;
  /** Last position fix (ground units); null for aircraft, which start from their base. */
  fix: {
    ageMinutes: number;
    state: FixState;
    linkDown: boolean;
    fromFuture: boolean;
    uncertaintyKm: number;
  } | null;
  confidence: Confidence;
  notes: CandidateNote[];
  bucketLitres: number | null;
  /**
   * Aircraft: the availability rules that changed its launch (crew on call, airspace approval
   * pending), with their parameters; `eta.launchMinutes` includes them. Empty for ground units.
   */
  availability: AvailabilityReason[];
}

export interface EtaParts {
  model: string;
  mobilisationMinutes: number | null;
  travelMinutes: number | null;
  roadDistanceKm: number | null;
  circuity: number | null;
  speedKmh: number | null;
  launchMinutes: number | null;
  flightMinutes: number | null;
  approachMinutes: number | null;
  maxRadiusKm: number | null;
  /**
   * Aircraft: which cruise `speedKmh` is: `clean`, or `external_load` for a bucket mission (a
   * helicopter with its bucket slung flies slower; docs/dispatch.md). Null for ground units.
   */
  speedBasis: SpeedBasis | null;
  /**
   * A bucket mission's leg through a water source (the ETA is then to the first drop):
   * where, base → source and source → incident, km. Null when it flies direct.
   */
  waterSource: { location: [number, number]; toWaterKm: number; toIncidentKm: number } | null;
}

export interface RefusedAircraft {
  id: string;
  callsign: string;
  baseId: string;
  baseName: string;
  status: string;
  /** `conditions`: available, but kept on the ground by the availability rules (`conditions` says which). */
  reason: 'not_available' | 'out_of_range' | 'conditions';
  distanceKm: number;
  maxRadiusKm: number;
  /** The availability rules that keep it on the ground (night, IFR weather, base closed); empty otherwise. */
  conditions: AvailabilityReason[];
  /** Night only: the sunrise from which it may take off, ISO; null otherwise. */
  availableAt: string | null;
}

export interface RunCardSlotResult {
  role: string;
  anyOf: Capability[];
  resource: 'unit' | 'aircraft' | 'any';
  needed: number;
  /** `assigned`: already sent to this incident (its ETA is what remains of the one given when sent). */
  /** Aircraft ranked here also say the speed their ETA used (`speedBasis`: clean or external_load). */
  filled: {
    id: string;
    name: string;
    resource: 'unit' | 'aircraft';
    etaMinutes: number;
    confidence: Confidence;
    assigned?: true;
    speedKmh?: number;
    speedBasis?: SpeedBasis;
  }[];
  missing: number;
  /** Plain statement of what could not be filled and why; null when filled. */
  shortfall: string | null;
}

export interface RunCardResult {
  hazard: HazardType;
  level: ResponseLevel;
  /** Every slot filled AND everything on scene within `targetMinutes`. */
  complete: boolean;
  /** Every slot has its resources (whatever their ETA). */
  filled: boolean;
  /** Filled, but the last resource arrives after `targetMinutes`. */
  late: boolean;
  /** The on-scene target the card is judged against, minutes. */
  targetMinutes: number;
  slots: RunCardSlotResult[];
  /** ETA of the last resource to arrive among those filled, minutes (null when none). */
  fullArrivalMinutes: number | null;
}

export interface Recommendation {
  incident: { id: string | null; location: [number, number]; hazard: HazardType; level: ResponseLevel };
  requiredCapabilities: Capability[];
  rankBy: 'eta' | 'worst_case';
  nowIso: string;
  candidates: Candidate[];
  runCard: RunCardResult | null;
  needs: {
    headcount: {
      required: number;
      reached: number;
      metAtRank: number | null;
      metAtMinutes: number | null;
    } | null;
  };
  aircraftRefused: RefusedAircraft[];
  /** Ground units with a qualifying capability, by status, and how many of them are eligible. */
  pool: { qualifyingUnits: number; eligibleUnits: number; byStatus: Record<UnitStatus, number> };
  /** Null when there are candidates; else why there are none, said plainly. */
  empty: { reason: 'no_capable_resource' | 'none_eligible'; message: string } | null;
}

const min = (s: number) => s / 60;
const km = (m: number) => m / 1000;

/**
 * Ranked candidates for an incident, filtered by capability for the hazard and by status, each
 * explained, plus the run card filled from the ranking. See docs/dispatch.md.
 */
export function recommend(
  scenario: ScenarioLike,
  incident: IncidentLike,
  opts: RecommendOptions = {},
): Recommendation {
  const index = opts.index ?? unitIndexFor(scenario.units);
  const bases = opts.includeAircraft === false ? [] : (scenario.bases ?? []);
  const ctx = makeContext(index, bases, opts);
  return recommendWith(ctx, incident, opts);
}

export function recommendWith(
  ctx: RankContext,
  incident: IncidentLike,
  opts: RecommendOptions = {},
): Recommendation {
  const limit = Math.max(1, Math.floor(opts.limit ?? 10));
  const required = (opts.hazardCapabilities ?? DEFAULT_HAZARD_CAPABILITIES)[incident.hazard];
  if (!required) throw new RangeError(`unknown hazard ${String(incident.hazard)}`);
  const mask = capabilityMask(required);
  const target = incident.location;
  // A forest fire is a bucket mission for bucket helicopters: external-load speed, via water.
  const filter = {
    anyMask: mask,
    resource: 'any' as const,
    bucket: BUCKET_HAZARDS.includes(incident.hazard),
  };

  let { ranked, refused } = topK(ctx, target, filter, limit);
  // Headcount need: widen the ranking until the ground units in it bring enough people.
  const needHead = incident.needs?.headcount ?? 0;
  if (needHead > 0) {
    let k = limit;
    while (headcountOf(ranked) < needHead && ranked.length === k) {
      k *= 2;
      ({ ranked, refused } = topK(ctx, target, filter, k));
    }
    // Keep only up to the rank where the need is met (or all, when it never is).
    let cum = 0;
    let cut = ranked.length;
    for (let i = 0; i < ranked.length; i++) {
      cum += ranked[i]!.resource === 'unit' ? (ranked[i] as { unit: RescueUnit }).unit.headcount : 0;
      if (cum >= needHead) {
        cut = i + 1;
        break;
      }
    }
    ranked = ranked.slice(0, Math.max(limit, cut));
  }

  const candidates = toCandidates(ranked, mask);
  const counts = countByStatus(ctx.index, mask);
  const byStatus = Object.fromEntries(UNIT_STATUSES.map((s, i) => [s, counts[i]!])) as Record<
    UnitStatus,
    number
  >;
  let eligibleUnits = 0;
  UNIT_STATUSES.forEach((_, i) => {
    if ((1 << i) & ctx.eligibleStatusBits) eligibleUnits += counts[i]!;
  });
  const qualifyingUnits = counts.reduce((a, b) => a + b, 0);

  let headcount: Recommendation['needs']['headcount'] = null;
  if (needHead > 0) {
    const met = candidates.find((c) => c.cumulativeHeadcount >= needHead) ?? null;
    headcount = {
      required: needHead,
      reached: candidates.length ? candidates[candidates.length - 1]!.cumulativeHeadcount : 0,
      metAtRank: met ? met.rank : null,
      metAtMinutes: met ? met.etaMinutes : null,
    };
  }

  let empty: Recommendation['empty'] = null;
  if (candidates.length === 0) {
    const aircraftNote = refused.length ? ` ${describeRefusals(refused)}` : '';
    empty =
      qualifyingUnits === 0 && refused.length === 0
        ? {
            reason: 'no_capable_resource',
            message: `No unit or aircraft has any of the capabilities ${incident.hazard} needs (${required.join(', ')}).`,
          }
        : {
            reason: 'none_eligible',
            message:
              `No qualifying resource can be dispatched: ${qualifyingUnits} ground unit(s) have the capability but none is ` +
              `${statusList(ctx)} (${describeStatuses(byStatus)}).${aircraftNote}`,
          };
  }

  return {
    incident: {
      id: incident.id ?? null,
      location: [target[0], target[1]],
      hazard: incident.hazard,
      level: incident.level,
    },
    requiredCapabilities: [...required],
    rankBy: ctx.rankBy,
    nowIso: new Date(ctx.nowMs).toISOString(),
    candidates,
    runCard:
      opts.runCards === false
        ? null
        : fillRunCard(
            ctx,
            incident,
            opts.runCards ?? DEFAULT_RUN_CARDS,
            opts.committed,
            opts.runCardTargetMinutes,
          ),
    needs: { headcount },
    aircraftRefused: refused.map(toRefused).sort((a, b) => (a.id < b.id ? -1 : 1)),
    pool: { qualifyingUnits, eligibleUnits, byStatus },
    empty,
  };
}

function headcountOf(ranked: readonly Ranked[]): number {
  let h = 0;
  for (const r of ranked) if (r.resource === 'unit') h += r.unit.headcount;
  return h;
}

function statusList(ctx: RankContext): string {
  return UNIT_STATUSES.filter((_, i) => (1 << i) & ctx.eligibleStatusBits).join(' or ');
}

function describeStatuses(byStatus: Record<string, number>): string {
  const parts = Object.entries(byStatus)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return parts.length ? parts.join(', ') : 'none';
}

export function describeRefusals(refused: readonly AircraftRefusal[]): string {
  const oor = refused.filter((r) => r.reason === 'out_of_range');
  const na = refused.filter((r) => r.reason === 'not_available');
  const cond = refused.filter((r) => r.reason === 'conditions');
  const parts: string[] = [];
  if (oor.length) {
    const nearest = oor.reduce((a, b) => (a.distanceM - a.maxRadiusM <= b.distanceM - b.maxRadiusM ? a : b));
    parts.push(
      `${oor.length} aircraft out of range (closest: ${nearest.entry.aircraft.callsign} at ${nearest.entry.base.name}, ` +
        `${km(nearest.distanceM).toFixed(0)} km away, mission radius ${km(nearest.maxRadiusM).toFixed(0)} km)`,
    );
  }
  if (na.length)
    parts.push(
      `${na.length} aircraft not available (${na.map((r) => `${r.entry.aircraft.callsign}: ${r.entry.aircraft.status}`).join(', ')})`,
    );
  if (cond.length)
    parts.push(
      `${cond.length} aircraft grounded (${cond.map((r) => `${r.entry.aircraft.callsign}: ${explainConditions(r.conditions, r.availableAt)}`).join('; ')})`,
    );
  return `Aircraft: ${parts.join('; ')}.`;
}

function toRefused(r: AircraftRefusal): RefusedAircraft {
  return {
    id: r.entry.aircraft.id,
    callsign: r.entry.aircraft.callsign,
    baseId: r.entry.base.id,
    baseName: r.entry.base.name,
    status: r.entry.aircraft.status,
    reason: r.reason,
    distanceKm: km(r.distanceM),
    maxRadiusKm: km(r.maxRadiusM),
    conditions: r.conditions,
    availableAt: r.availableAt,
  };
}

/** Convert ranked resources to the public candidate shape (km, minutes, notes). */
export function toCandidates(ranked: readonly Ranked[], wantedMask: number): Candidate[] {
  let cum = 0;
  return ranked.map((r, i) => {
    if (r.resource === 'unit') {
      const u = r.unit;
      cum += u.headcount;
      const notes: CandidateNote[] = [];
      if (u.status === 'returning') notes.push('returning');
      if (r.fix.state === 'aging') notes.push('fix_aging');
      if (r.fix.state === 'stale') notes.push('fix_stale');
      if (r.fix.linkDown) notes.push('link_down');
      if (r.fix.fromFuture) notes.push('fix_in_future');
      if (r.distanceM < 50) notes.push('at_incident');
      return {
        rank: i + 1,
        resource: 'unit',
        id: u.id,
        name: u.name,
        kind: u.kind,
        status: u.status,
        from: [u.position[0], u.position[1]],
        baseId: null,
        baseName: u.homeBase.name,
        distanceKm: km(r.distanceM),
        etaMinutes: min(r.etaS),
        etaRangeMinutes: [min(r.etaLowS), min(r.etaHighS)],
        roadBandMinutes:
          r.ground.model === 'crow-flies'
            ? [
                min(r.ground.mobilisationS + r.ground.travelS * CROW_FLIES_DRIVE_BAND.fastest),
                min(r.ground.mobilisationS + r.ground.travelS * CROW_FLIES_DRIVE_BAND.slowest),
              ]
            : null,
        eta: {
          model: r.ground.model,
          mobilisationMinutes: min(r.ground.mobilisationS),
          travelMinutes: min(r.ground.travelS),
          roadDistanceKm: km(r.ground.roadDistanceM),
          circuity: r.ground.circuity,
          speedKmh: r.ground.speedKmh,
          launchMinutes: null,
          flightMinutes: null,
          approachMinutes: null,
          maxRadiusKm: null,
          speedBasis: null,
          waterSource: null,
        },
        qualifiesBy: capabilitiesIn(r.mask, wantedMask),
        headcount: u.headcount,
        cumulativeHeadcount: cum,
        fix: {
          ageMinutes: min(r.fix.ageS),
          state: r.fix.state,
          linkDown: r.fix.linkDown,
          fromFuture: r.fix.fromFuture,
          uncertaintyKm: km(r.fix.uncertaintyM),
        },
        confidence: r.fix.confidence,
        notes,
        bucketLitres: null,
        availability: [],
      } satisfies Candidate;
    }
    const a = r.entry.aircraft;
    return {
      rank: i + 1,
      resource: 'aircraft',
      id: a.id,
      name: a.callsign,
      kind: a.category,
      status: a.status,
      from: [r.entry.base.location[0], r.entry.base.location[1]],
      baseId: r.entry.base.id,
      baseName: r.entry.base.name,
      distanceKm: km(r.distanceM),
      etaMinutes: min(r.etaS),
      etaRangeMinutes: [min(r.etaS), min(r.etaS)],
      roadBandMinutes: null,
      eta: {
        model: 'air',
        mobilisationMinutes: null,
        travelMinutes: null,
        roadDistanceKm: null,
        circuity: null,
        speedKmh: r.speedKmh,
        launchMinutes: min(r.launchS),
        flightMinutes: min(r.flightS),
        approachMinutes: min(r.approachS),
        maxRadiusKm: km(r.maxRadiusM),
        speedBasis: r.speedBasis,
        waterSource: r.water
          ? { location: r.water.location, toWaterKm: km(r.water.toWaterM), toIncidentKm: km(r.water.toFireM) }
          : null,
      },
      qualifiesBy: capabilitiesIn(r.mask, wantedMask),
      headcount: 0,
      cumulativeHeadcount: cum,
      fix: null,
      confidence: 'high',
      notes: [],
      bucketLitres: a.bucketLitres,
      availability: r.availability,
    } satisfies Candidate;
  });
}

/** Whether a resource already sent can stand in a run-card slot (capability, kind, bucket). */
/** Whether a resource already sent fits a run-card slot (the run card and the planning view count it there). */
export function fitsSlot(c: CommittedResource, slot: RunCardSlot): boolean {
  if (slot.resource !== 'any' && slot.resource !== c.resource) return false;
  if (!slot.anyOf.some((cap) => c.capabilities.includes(cap))) return false;
  if (c.resource === 'unit' && slot.kinds && !(slot.kinds as readonly string[]).includes(c.kind))
    return false;
  if (
    c.resource === 'aircraft' &&
    slot.categories &&
    !(slot.categories as readonly string[]).includes(c.kind)
  )
    return false;
  return !(
    c.resource === 'aircraft' &&
    slot.minBucketLitres !== undefined &&
    (c.bucketLitres ?? 0) < slot.minBucketLitres
  );
}

/**
 * Fill the run card slot by slot, each from the ETA ranking of the resources that fit it and are
 * not already taken by an earlier slot.
 */
export function fillRunCard(
  ctx: RankContext,
  incident: IncidentLike,
  table: RunCardTable,
  committed: readonly CommittedResource[] = [],
  targetMinutes: number = RUN_CARD_TARGET_MINUTES,
): RunCardResult {
  const used = new Set<string>(committed.map((c) => c.id));
  const placed = new Set<string>();
  const slots: RunCardSlotResult[] = [];
  let last: number | null = null;
  for (const { slot, needed } of runCardFor(incident.hazard, incident.level, table)) {
    // What was already sent fills the slot first; the ranking only tops it up.
    const sent: RunCardSlotResult['filled'] = [];
    for (const c of committed) {
      if (sent.length >= needed || placed.has(c.id) || !fitsSlot(c, slot)) continue;
      placed.add(c.id);
      const remaining =
        c.arrivesAt === null ? null : Math.max(0, (Date.parse(c.arrivesAt) - ctx.nowMs) / 60_000);
      sent.push({
        id: c.id,
        name: c.name,
        resource: c.resource,
        etaMinutes: remaining ?? 0,
        confidence: remaining === null ? 'low' : 'high',
        assigned: true,
      });
    }
    const filter = filterForSlot(slot);
    const { ranked, refused } = topK(ctx, incident.location, filter, needed - sent.length, used);
    for (const r of ranked) used.add(r.id);
    const filled = [
      ...sent,
      ...ranked.map((r) => ({
        id: r.id,
        name: r.resource === 'unit' ? r.unit.name : r.entry.aircraft.callsign,
        resource: r.resource,
        etaMinutes: min(r.etaS),
        confidence: r.resource === 'unit' ? r.fix.confidence : ('high' as Confidence),
        ...(r.resource === 'aircraft' ? { speedKmh: r.speedKmh, speedBasis: r.speedBasis } : {}),
      })),
    ];
    for (const f of filled) last = last === null ? f.etaMinutes : Math.max(last, f.etaMinutes);
    const missing = needed - filled.length;
    let shortfall: string | null = null;
    if (missing > 0) {
      const what = `${missing} of ${needed} ${slot.role} (${slot.anyOf.join(' or ')}${slot.resource !== 'any' ? `, ${slot.resource}` : ''}${
        slot.minBucketLitres ? ', with bucket' : ''
      }) cannot be filled`;
      const why: string[] = [];
      if (slot.resource !== 'aircraft') {
        const counts = countByStatus(ctx.index, filter.anyMask);
        const total = counts.reduce((a, b) => a + b, 0);
        let eligible = 0;
        counts.forEach((n, i) => {
          if ((1 << i) & ctx.eligibleStatusBits) eligible += n;
        });
        why.push(
          total === 0
            ? 'no ground unit has that capability'
            : `${eligible} ground unit(s) with it are available, ${total - eligible} are busy or out of service` +
                (eligible > 0 ? ', and the available ones are already in this card' : ''),
        );
      }
      if (slot.resource !== 'unit') {
        const goingAircraft = filled.filter((r) => r.resource === 'aircraft').length;
        if (refused.length) why.push(describeRefusals(refused));
        else if (goingAircraft === 0) why.push('no aircraft in the scenario fits this slot');
        else why.push(`only ${goingAircraft} suitable aircraft can go`);
      }
      shortfall = `${what}: ${why.join('; ')}`;
    }
    slots.push({
      role: slot.role,
      anyOf: [...slot.anyOf],
      resource: slot.resource,
      needed,
      filled,
      missing,
      shortfall,
    });
  }
  const filled = slots.every((s) => s.missing === 0);
  const late = last !== null && last > targetMinutes;
  return {
    hazard: incident.hazard,
    level: incident.level,
    complete: filled && !late,
    filled,
    late,
    targetMinutes,
    slots,
    fullArrivalMinutes: last,
  };
}
