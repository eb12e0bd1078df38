import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { StoreClient } from '../db/client';
import type { SettingsFile } from '../services/settingsFile';
import type { PushBus } from '../services/handlers';
import type { Handlers } from '../services/invoke';
import { DEFAULT_DESK_CONFIG } from '../../shared/desk/config';
import {
  areaStatistics,
  buildSituationReport,
  type AreaStatistics,
  type PackArea,
  type ReportSource,
  type ReportWindowKind,
} from '../../shared/reports';
import type { DeskConfig } from '../../shared/desk/config';
import type {
  StatisticsPhase,
  StatisticsResult,
  StatisticsWindowKind,
} from '../../shared/ipc/statisticsContract';
import { CodedError } from '../../shared/ipc/errors';
import { storeSource } from './produce';
import { boundaryBBox, createPlacesCache, type Boundary, type ReportPlaces } from './places';
import { statisticsCsv, statisticsFileName } from './statisticsCsv';

/** Where each step starts, in percent (reading the store is most of a big window's time). */
const START: Record<StatisticsPhase, number> = { load: 0, aggregate: 60, done: 100 };
/** Computed results kept for export, per console job id (the latest few). */
const KEEP_RESULTS = 8;

/** The pack's areas of one level: one per adcode, its extent over all its features. */
function packAreas(boundaries: readonly Boundary[]): PackArea[] {
  const byCode = new Map<string, PackArea>();
  for (const b of boundaries) {
    const box = boundaryBBox(b);
    const had = byCode.get(b.adcode);
    if (!had) byCode.set(b.adcode, { adcode: b.adcode, name: b.name, bbox: box });
    else if (box && had.bbox)
      had.bbox = [
        Math.min(had.bbox[0], box[0]),
        Math.min(had.bbox[1], box[1]),
        Math.max(had.bbox[2], box[2]),
        Math.max(had.bbox[3], box[3]),
      ];
  }
  return [...byCode.values()].sort((a, b) => (a.adcode < b.adcode ? -1 : 1));
}

/** The report's window kind for a statistics window (a week is a from–to). */
const REPORT_KIND: Record<StatisticsWindowKind, ReportWindowKind> = {
  shift: 'shift',
  day: 'day',
  week: 'custom',
  custom: 'custom',
};

/** The pack's areas of both levels, as statistics lay them out. */
export interface StatisticsAreas {
  cities: PackArea[];
  counties: PackArea[];
}

export function statisticsAreas(places: ReportPlaces): StatisticsAreas {
  return { cities: packAreas(places.cities), counties: packAreas(places.counties) };
}

/**
 * One computation: the window's records loaded (the store, through its read calls), aggregated by
 * the situation report's code and laid out by area. `onPhase` hears each step as it starts; a
 * turn of the event loop between steps lets a cancel (`signal`) be heard.
 */
export async function computeStatistics(o: {
  load: (before: string) => Promise<ReportSource>;
  window: { kind: StatisticsWindowKind; from: string; to: string };
  now: number;
  desk: DeskConfig;
  places: ReportPlaces;
  areas: StatisticsAreas;
  signal?: AbortSignal;
  onPhase?: (phase: StatisticsPhase) => void;
}): Promise<AreaStatistics & { asOf: string }> {
  const step = async (phase: StatisticsPhase) => {
    await yieldTurn();
    o.signal?.throwIfAborted();
    o.onPhase?.(phase);
  };
  await step('load');
  const source = await o.load(o.window.to);
  await step('aggregate');
  const report = buildSituationReport(source, {
    window: { kind: REPORT_KIND[o.window.kind], from: o.window.from, to: o.window.to, incidentId: null },
    now: o.now,
    desk: o.desk,
    places: o.places.names,
  });
  const stats = areaStatistics(report, o.areas);
  await step('done');
  return { ...stats, asOf: report.asOf };
}

/**
 * The statistics channels (`statistics:compute`, `statistics:cancel`, `statistics:export`): the
 * window's incidents are read from the store and aggregated by the situation report's own code
 * (buildSituationReport), then laid out by area (areaStatistics) with the map pack's areas. A
 * computation pushes `statistics:progress` and can be cancelled between its steps; its result is
 * kept so the console can export the table it shows.
 */
export function createStatisticsHandlers(d: {
  store: StoreClient;
  settings: SettingsFile;
  bus: PushBus;
}): Pick<Handlers, 'statistics:compute' | 'statistics:cancel' | 'statistics:export'> {
  const dataDir = dirname(d.store.file);
  const reportsDir = join(dataDir, 'reports');
  const placesNow = createPlacesCache(dataDir);
  const running = new Map<string, AbortController>();
  const results = new Map<string, StatisticsResult>();
  let areas: { places: ReportPlaces; value: StatisticsAreas } | null = null;
  const areasOf = (places: ReportPlaces) => {
    if (areas?.places !== places) areas = { places, value: statisticsAreas(places) };
    return areas.value;
  };

  return {
    'statistics:compute': async (req) => {
      if (running.has(req.id))
        throw new CodedError('INVALID', `Statistics with id ${req.id} are already being computed.`, {
          field: 'id',
        });
      const controller = new AbortController();
      const signal = controller.signal;
      running.set(req.id, controller);
      try {
        const { dir, places } = placesNow();
        const a = areasOf(places);
        const stats = await computeStatistics({
          load: storeSource(d.store),
          window: { kind: req.kind, from: req.from, to: req.to },
          now: Date.now(),
          desk: d.settings.get().desk ?? DEFAULT_DESK_CONFIG,
          places,
          areas: a,
          signal,
          onPhase: (phase) => d.bus.push('statistics:progress', { id: req.id, phase, percent: START[phase] }),
        });
        const result: StatisticsResult = {
          status: 'done',
          id: req.id,
          kind: req.kind,
          from: req.from,
          to: req.to,
          ...stats,
          packId: dir ? basename(dir) : null,
        };
        results.set(req.id, result);
        for (const old of [...results.keys()].slice(0, Math.max(0, results.size - KEEP_RESULTS)))
          results.delete(old);
        return result;
      } catch (e) {
        if (signal.aborted) return { status: 'cancelled' as const };
        throw e;
      } finally {
        running.delete(req.id);
      }
    },
    'statistics:cancel': async ({ id }) => {
      const c = running.get(id);
      c?.abort();
      return { cancelled: c !== undefined };
    },
    'statistics:export': async (req) => {
      const result = results.get(req.id);
      if (!result)
        throw new CodedError(
          'INVALID',
          `No statistics ${req.id} to export (computed too long ago, or before a restart): compute them again, then export.`,
          { field: 'id' },
        );
      const { text, rows } = statisticsCsv(result, req);
      const out = join(reportsDir, statisticsFileName(result, req.level, Date.now()));
      mkdirSync(reportsDir, { recursive: true });
      // Whole or not at all: written beside its name, then renamed.
      const part = join(reportsDir, `.${basename(out)}.${randomBytes(4).toString('hex')}.part`);
      try {
        writeFileSync(part, text);
        renameSync(part, out);
      } finally {
        rmSync(part, { force: true });
      }
      return { file: out, fileName: basename(out), bytes: statSync(out).size, rows };
    },
  };
}
