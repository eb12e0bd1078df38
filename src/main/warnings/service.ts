import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import type { StoreClient } from '../db/client';
import type { SettingsFile } from '../services/settingsFile';
import type { PushBus } from '../services/handlers';
import type { Handlers } from '../services/invoke';
import type { MapServices } from '../mappacks/service';
import { DeskConfig } from '../../shared/desk';
import { exportCap, importCap, type CountyRings } from './capFiles';

type WarningChannel = 'warning:list' | 'warning:save' | 'warning:act' | 'warning:export' | 'warning:import';

type Ring = [number, number][];

/** County outlines by adcode from the pack's county layer (outer rings only: CAP has no holes). */
export function countyIndex(fc: FeatureCollection | null | undefined): {
  rings: CountyRings;
  name: (adcode: string) => string | null;
} {
  const rings = new Map<string, Ring[]>();
  const names = new Map<string, string>();
  for (const f of fc?.features ?? []) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const adcode = String(p.district_adcode ?? p.adcode ?? '');
    if (!/^\d{6}$/.test(adcode)) continue;
    names.set(adcode, String(p.district_name ?? p.name ?? adcode));
    const g = f.geometry;
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    rings.set(
      adcode,
      polys.map((poly) => (poly[0] ?? []).map(([x, y]) => [x!, y!] as [number, number])),
    );
  }
  return { rings: (a) => rings.get(a) ?? [], name: (a) => names.get(a) ?? null };
}

/**
 * The warning channels: the store keeps the records and their rules; here the CAP files are made
 * (with the county outlines of the pack in use) and read.
 */
export function createWarningHandlers(d: {
  store: StoreClient;
  settings: SettingsFile;
  bus: PushBus;
  maps: Pick<MapServices, 'packLayer'>;
}): Pick<Handlers, WarningChannel> {
  const changed = () => d.bus.push('picture:changed', { entities: ['warning', 'warning_action'] });
  const cfg = () => DeskConfig.parse(d.settings.get().desk ?? {}).warnings;
  const counties = () => countyIndex(d.maps.packLayer('county')?.fc);
  const dir = join(dirname(d.store.file), 'warnings');
  return {
    'warning:list': () => d.store.call('listWarnings'),
    'warning:save': async (req) => {
      const r = await d.store.call('saveWarningDraft', req);
      changed();
      return r;
    },
    'warning:act': async (req) => {
      const r = await d.store.call('actOnWarning', req);
      changed();
      return r;
    },
    'warning:export': async (req) => {
      const views = await d.store.call('listWarnings');
      const out = exportCap(views, req.id, cfg(), counties().rings);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${out.identifier}.xml`.replace(/[^A-Za-z0-9_.-]/g, '_'));
      writeFileSync(path, out.xml);
      return { path, ...out };
    },
    'warning:import': async (req) => {
      const r = await d.store.call('importWarning', importCap(req.text, counties().name));
      changed();
      return r;
    },
  };
}
