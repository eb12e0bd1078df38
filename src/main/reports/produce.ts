import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { StoreClient } from '../db/client';
import type { DeskConfig } from '../../shared/desk/config';
import {
  buildSituationReport,
  type ReportFormat,
  type ReportPhase,
  type ReportSource,
  type ReportWindow,
  type SituationReport,
} from '../../shared/reports';
import { reportHtml } from './html';
import { printPdf } from './pdf';
import { reportDocx } from './docx';
import { reportCsv } from './csv';
import { reportGeoJson } from './geojson';
import { NO_PLACES, type ReportPlaces } from './places';

export interface ReportJob {
  /** Reads the records and the timeline before the window's end (the store, or a snapshot). */
  load: (before: string) => Promise<ReportSource>;
  window: ReportWindow;
  format: ReportFormat;
  out: string;
  now: number;
  desk: DeskConfig;
  places?: ReportPlaces;
  issuer?: string;
  signal?: AbortSignal;
  onProgress?: (phase: ReportPhase, percent: number) => void;
}

/** Where each step starts, in percent of the whole job (rendering a PDF is the long one). */
const START: Record<ReportPhase, number> = { load: 0, aggregate: 30, render: 45, write: 95, done: 100 };

/** The report's records through the store worker (the store's own read calls: nothing is written). */
export function storeSource(store: StoreClient): (before: string) => Promise<ReportSource> {
  return async (before) => {
    const [picture, timeline] = await Promise.all([
      store.call('picture'),
      store.call('listReportTimeline', { before }),
    ]);
    return { ...picture, timeline };
  };
}

/**
 * Makes one report: loads the window's records, aggregates them (pure), renders the format and
 * writes the file. The file appears whole or not at all: it is written beside its name and renamed.
 * `signal` cancels between steps and stops a PDF being printed; a cancelled job leaves nothing.
 */
export async function produceReport(
  job: ReportJob,
): Promise<{ file: string; bytes: number; report: SituationReport }> {
  const signal = job.signal ?? new AbortController().signal;
  const step = (phase: ReportPhase) => {
    signal.throwIfAborted();
    job.onProgress?.(phase, START[phase]);
  };
  step('load');
  const source = await job.load(job.window.to);
  step('aggregate');
  const report = buildSituationReport(source, {
    window: job.window,
    now: job.now,
    desk: job.desk,
    places: job.places?.names,
    issuer: job.issuer,
  });
  step('render');
  let bytes: Buffer | string;
  if (job.format === 'pdf') bytes = await printPdf(reportHtml(report, job.places ?? NO_PLACES), signal);
  else if (job.format === 'docx') bytes = await reportDocx(report);
  else if (job.format === 'csv') bytes = reportCsv(report, job.places?.names);
  else bytes = reportGeoJson(report);
  step('write');
  mkdirSync(dirname(job.out), { recursive: true });
  const part = join(dirname(job.out), `.${basename(job.out)}.${randomBytes(4).toString('hex')}.part`);
  try {
    writeFileSync(part, bytes);
    signal.throwIfAborted();
    renameSync(part, job.out);
  } finally {
    rmSync(part, { force: true });
  }
  step('done');
  return { file: job.out, bytes: statSync(job.out).size, report };
}
