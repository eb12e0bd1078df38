import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StoreClient } from '../db/client';
import type { SettingsFile } from '../services/settingsFile';
import type { PushBus } from '../services/handlers';
import { type Handlers } from '../services/invoke';
import { DEFAULT_DESK_CONFIG } from '../../shared/desk/config';
import { incidentWindow, type ReportFormat, type ReportWindow } from '../../shared/reports';
import { produceReport, storeSource } from './produce';
import { createPlacesCache } from './places';
import { CodedError } from '../../shared/ipc/errors';

const MIME: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};

/** A report's file name: ASCII (it travels by mail and USB stick), the window, the format, when it was made. */
function reportFileName(window: ReportWindow, format: ReportFormat, now: number): string {
  const cst = (ms: number) =>
    new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const what =
    window.kind === 'incident'
      ? `incident-${window.incidentId}`
      : `${window.kind}-${cst(Date.parse(window.from))}-${cst(Date.parse(window.to))}`;
  const made = new Date(now + 8 * 3_600_000)
    .toISOString()
    .slice(0, 19)
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return `situation-report-${what}-made-${made}.${format}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/**
 * The report channels (`report:create`, `report:cancel`, `report:read`): a report of a window is
 * made in main over the store and written into `<data>/reports/`; progress goes to every console as
 * `report:progress`, and the answer names the file. Both transports serve them alike.
 */
export function createReportHandlers(d: {
  store: StoreClient;
  settings: SettingsFile;
  bus: PushBus;
}): Pick<Handlers, 'report:create' | 'report:cancel' | 'report:read'> {
  const dataDir = dirname(d.store.file);
  const reportsDir = join(dataDir, 'reports');
  const running = new Map<string, AbortController>();
  const placesNow = createPlacesCache(dataDir);

  return {
    'report:create': async (req) => {
      if (running.has(req.id))
        throw new CodedError('INVALID', `A report with id ${req.id} is already being made.`, {
          field: 'id',
        });
      const now = Date.now();
      let window: ReportWindow;
      if (req.kind === 'incident') {
        const picture = await d.store.call('picture');
        const inc = picture.incidents.find((i) => i.id === req.incidentId);
        if (!inc)
          throw new CodedError('NOT_FOUND', `No incident ${req.incidentId}.`, {
            kind: 'incident',
            id: req.incidentId!,
          });
        window = incidentWindow(inc, await d.store.call('listTimeline', { incidentId: inc.id }), now);
      } else window = { kind: req.kind, from: req.from!, to: req.to!, incidentId: null };
      const controller = new AbortController();
      running.set(req.id, controller);
      try {
        const out = join(reportsDir, reportFileName(window, req.format, now));
        const r = await produceReport({
          load: storeSource(d.store),
          window,
          format: req.format,
          out,
          now,
          desk: d.settings.get().desk ?? DEFAULT_DESK_CONFIG,
          places: placesNow().places,
          signal: controller.signal,
          onProgress: (phase, percent) => d.bus.push('report:progress', { id: req.id, phase, percent }),
        });
        return {
          status: 'written' as const,
          file: r.file,
          fileName: r.file.slice(reportsDir.length + 1),
          bytes: r.bytes,
          format: req.format,
          incidents: r.report.totals.incidents,
          from: window.from,
          to: window.to,
        };
      } catch (e) {
        if (controller.signal.aborted) return { status: 'cancelled' as const };
        throw e;
      } finally {
        running.delete(req.id);
      }
    },
    'report:cancel': async ({ id }) => {
      const c = running.get(id);
      c?.abort();
      return { cancelled: c !== undefined };
    },
    'report:read': async ({ fileName }) => {
      // The name is checked by the contract (letters, digits, '.', '_', '-'): it cannot leave the folder.
      const file = join(reportsDir, fileName);
      const format = /\.(pdf|docx|csv|geojson)$/.exec(fileName)?.[1] as ReportFormat | undefined;
      if (!format || !existsSync(file))
        throw new CodedError('INVALID', `No report ${fileName} in ${reportsDir}.`, { field: 'fileName' });
      return { fileName, mime: MIME[format], base64: readFileSync(file).toString('base64') };
    },
  };
}
