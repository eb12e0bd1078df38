import type { FeatureCollection } from 'geojson';
import { bestSite, moveUp, prepareCoverageGrid, type SiteGain } from '../../shared/dispatch';
import { hazardZonesFromGeoJSON, type HazardZone } from '../../shared/dispatch/coverageHazard';
import { DEFAULT_WHATIF_AIRCRAFT } from '../../shared/dispatch/coveragePlanning';
import { airReachRadiusM, DEFAULT_AIR_PARAMS, type AreaGrid } from '../../shared/geo';
import type { Picture } from '../../shared/ipc';
import { CodedError } from '../../shared/ipc/errors';
import type { MoveUpPlanning, SitingPlanning } from '../../shared/ipc/planningContract';
import { assignmentPlanning, moveUpInputs, supplyPlanning } from '../../shared/planning/plans';
import {
  countySeats,
  latticeCandidates,
  mergeRanked,
  weightedSiteGain,
  type SiteCandidate,
} from '../../shared/planning/siting';
import type { StoreClient } from '../db/client';
import type { MapServices } from '../mappacks/service';
import type { PushBus } from '../services/handlers';
import type { Handlers } from '../services/invoke';
import { PlanningJobs } from './jobs';
import { moveUpNote, supplyNote } from './records';

/** The 1-hour aviation network: the threshold the move-up and siting work to. */
const MINUTES = 60;
/** The coverage grid of the planning tools: 1 km, as the CLI's `coverage` (docs/dispatch.md). */
const CELL_KM = 1;
/** Candidates evaluated between two turns of the event loop (each ≈ 1–2 ms on the 1 km grid). */
const CHUNK = 16;
/** Finished move-ups kept for `planning:recordMoveUp` (the latest ones). */
const KEEP_MOVE_UPS = 20;

export type PlanningChannel =
  | 'planning:supply'
  | 'planning:assign'
  | 'planning:moveUp'
  | 'planning:siting'
  | 'planning:cancel'
  | 'planning:recordSupply'
  | 'planning:recordMoveUp';

/**
 * The planning channels (docs/dispatch.md, "Planning tools"): supply allocation, multi-incident
 * assignment, aviation move-up and base siting over the store's picture and the map pack in use,
 * all in this process, offline. The two long ones run as jobs (jobs.ts) with progress and cancel.
 */
export function createPlanningHandlers(d: {
  store: StoreClient;
  bus: PushBus;
  maps: Pick<MapServices, 'packLayer'>;
  /** The clock (tests pass a fixed one). */
  now?: () => number;
}): Pick<Handlers, PlanningChannel> {
  const clock = d.now ?? Date.now;
  const jobs = new PlanningJobs((p) => d.bus.push('planning:progress', p));
  const moveUps = new Map<string, MoveUpPlanning>();
  const zonesOf = new WeakMap<FeatureCollection, HazardZone[]>();

  const counties = (): FeatureCollection => {
    const layer = d.maps.packLayer('county');
    if (!layer)
      throw new CodedError(
        'INVALID',
        'Coverage needs a map pack with a county layer. Import one (地图包), then run this again.',
        { variant: 'planning_no_pack' },
      );
    return layer.fc;
  };
  const hazardZones = (): HazardZone[] | null => {
    const fc = d.maps.packLayer('hazards')?.fc;
    if (!fc) return null;
    if (!zonesOf.has(fc)) zonesOf.set(fc, hazardZonesFromGeoJSON(fc));
    return zonesOf.get(fc)!;
  };
  const openIncident = async (p: Picture, id: string) => {
    const inc = p.incidents.find((i) => i.id === id);
    if (!inc || inc.status === 'closed')
      throw new CodedError(
        'NOT_FOUND',
        `No open incident "${id}". Refresh the list; it may have been closed.`,
        { kind: 'incident', id },
      );
    return inc;
  };
  /** An input the engine refuses (RangeError) is the officer's to correct: said as INVALID. */
  const engine = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof RangeError)
        throw new CodedError('INVALID', `${e.message}. Correct the choice and run it again.`, {
          variant: 'planning_input',
        });
      throw e;
    }
  };

  return {
    'planning:supply': async (req) => {
      const p = await d.store.call('picture');
      if (req.incidentId) await openIncident(p, req.incidentId);
      return supplyPlanning(p, clock(), req.incidentId);
    },
    'planning:assign': async (req) => {
      const p = await d.store.call('picture');
      return assignmentPlanning(p, clock(), req.objective ?? 'total');
    },
    'planning:moveUp': async (req) => {
      const fc = counties();
      const now = clock();
      const result = await jobs.run(req.jobId, 'move_up', async (step) => {
        const grid = prepareCoverageGrid(fc, CELL_KM);
        await step('coverage', 0, 1);
        const p = await d.store.call('picture');
        const inputs = engine(() => moveUpInputs(p, req.extraCommit ?? []));
        await step('evaluate', 0, 1);
        const r = engine(() =>
          moveUp(inputs.bases, grid, inputs.commit, {
            minutes: MINUTES,
            now,
            hazard: req.hazard ?? null,
            ...(req.moveForestAircraft ? { moveForestAircraft: true } : {}),
          }),
        );
        await step('evaluate', 1, 1);
        return {
          nowIso: new Date(now).toISOString(),
          hazard: req.hazard ?? null,
          jobId: req.jobId,
          commitments: inputs.commitments,
          result: r,
          bases: p.bases.map((b) => ({ id: b.id, name: b.name, location: b.location })),
        };
      });
      if (result.status === 'done') {
        const { status: _s, ...kept } = result;
        moveUps.set(req.jobId, kept);
        while (moveUps.size > KEEP_MOVE_UPS) moveUps.delete(moveUps.keys().next().value!);
      }
      return result;
    },
    'planning:siting': async (req) => {
      const fc = counties();
      const now = clock();
      return jobs.run(req.jobId, 'siting', async (step): Promise<Omit<SitingPlanning, never>> => {
        const grid: AreaGrid = prepareCoverageGrid(fc, CELL_KM);
        await step('coverage', 0, 1);
        const p = await d.store.call('picture');
        const candidates: SiteCandidate[] = req.site
          ? [{ location: req.site, label: null }]
          : req.search === 'county_seats'
            ? countySeats(fc)
            : latticeCandidates(grid, req.spacingKm ?? 10);
        if (!candidates.length)
          throw new CodedError('INVALID', 'The county layer names no county seats to weigh.', {
            variant: 'planning_input',
          });
        const order = new Map(candidates.map((c, i) => [`${c.location[0]},${c.location[1]}`, i]));
        const opts = { minutes: MINUTES, now };
        const chunks: SiteGain[][] = [];
        let before = { coveredFractionBefore: 0, coveredAreaKm2Before: 0 };
        for (let i = 0; i < candidates.length; i += CHUNK) {
          const r = bestSite(p.bases, grid, candidates.slice(i, i + CHUNK), opts);
          before = {
            coveredFractionBefore: r.coveredFractionBefore,
            coveredAreaKm2Before: r.coveredAreaKm2Before,
          };
          chunks.push(r.ranked);
          await step('evaluate', Math.min(i + CHUNK, candidates.length), candidates.length);
        }
        const ranked = mergeRanked(chunks, (s) => order.get(`${s.location[0]},${s.location[1]}`) ?? 0);
        const site = ranked[0] ?? null;
        return {
          nowIso: new Date(now).toISOString(),
          search: req.site ? 'site' : (req.search ?? 'lattice'),
          candidates: candidates.length,
          minutes: MINUTES,
          ...before,
          totalAreaKm2: grid.count * grid.cellAreaKm2,
          site,
          ranked: ranked.slice(0, 10),
          weighted: site ? weightedSiteGain(p.bases, grid, site.location, hazardZones(), opts) : null,
          reachKm: airReachRadiusM(DEFAULT_WHATIF_AIRCRAFT, MINUTES * 60, DEFAULT_AIR_PARAMS) / 1000,
        };
      });
    },
    'planning:cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'planning:recordSupply': async (req) => {
      const p = await d.store.call('picture');
      const inc = await openIncident(p, req.incidentId);
      // The plan as the view showed it: all open incidents together, or this one alone.
      const planning = supplyPlanning(p, clock(), req.all ? undefined : inc.id);
      const mine = planning.plans.find((x) => x.incidentId === inc.id);
      const [entry] = await d.store.call('recordPlanningNotes', {
        notes: [supplyNote(inc.id, req.text, planning.nowIso, mine)],
      });
      d.bus.push('picture:changed', { entities: ['timeline'] });
      return { entry: entry! };
    },
    'planning:recordMoveUp': async (req) => {
      const kept = moveUps.get(req.jobId);
      if (!kept)
        throw new CodedError(
          'INVALID',
          'That move-up is no longer kept (the app restarted, or many ran since). Run it again, then record it.',
          { variant: 'planning_stale' },
        );
      const entries = await d.store.call('recordPlanningNotes', { notes: moveUpNote(req.text, kept) });
      d.bus.push('picture:changed', { entities: ['timeline'] });
      return { entries };
    },
  };
}
