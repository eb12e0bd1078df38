/**
 * Situation reports from the demo scenario in every format, made by the CLI over a real store
 * file and read back with the real tools: pdftotext, pdffonts, pdfinfo and pdftoppm (Debian
 * poppler-utils), the .docx unzipped, the CSV parsed, the GeoJSON checked against RFC 7946.
 * Page images land in test-artifacts/reports/ (look at them when the layout changes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { StoreClient } from '../../../src/main/db/client';
import { readScenarioFile } from '../../../src/main/services/scenarioFile';
import type { Scenario } from '../../../src/shared/domain';
import { decodePng } from '../../support/png';
import { DEMO_SCENARIO, REPO_ROOT, SHANXI_PACK, tempDir } from '../../support/tmp';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'reports');
const FROM = '2026-11-29T00:00:00+08:00';
const TO = '2026-11-30T00:00:00+08:00';
const NOW = '2026-11-29T09:00:00+08:00';

let tmp: ReturnType<typeof tempDir>;
let scenario: Scenario;
/** The incidents the window covers: the demo's seven (open) and one closed during the day. */
let covered: Scenario['incidents'];

function report(format: string, extra: string[] = []) {
  const out = join(tmp.dir, `report.${format}`);
  const r = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      'src/main/reports/cli.ts',
      '--data',
      join(tmp.dir, 'data'),
      '--from',
      FROM,
      '--to',
      TO,
      '--now',
      NOW,
      '--format',
      format,
      '--out',
      out,
      '--map-pack',
      SHANXI_PACK,
      ...extra,
    ],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  return { ...r, out };
}

/** A poppler-utils tool (Debian `poppler-utils`, installed by .ci/run); its output as text. */
function poppler(tool: 'pdfinfo' | 'pdftotext' | 'pdffonts' | 'pdftoppm', args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8' });
}

const sum = (xs: Scenario['incidents'], f: (i: Scenario['incidents'][number]) => number) =>
  xs.reduce((n, i) => n + f(i), 0);

beforeAll(async () => {
  if (!existsSync(SHANXI_PACK)) throw new Error(`the Shanxi map pack is missing: ${SHANXI_PACK}`);
  tmp = tempDir('jinying-report-');
  const demo = readScenarioFile(DEMO_SCENARIO);
  const base = demo.incidents[0]!;
  // One incident closed during the day, one closed the day before, one reported the next day:
  // only the first belongs to the window.
  const extra = [
    {
      ...base,
      id: 'inc-closed-in-window',
      title: '阳泉市郊区民房火灾',
      hazard: 'fire' as const,
      level: 'IV' as const,
      status: 'closed' as const,
      countyAdcode: '140311',
      location: [113.55, 37.86] as [number, number],
      casualties: { dead: 2, injured: 1, missing: 0, trapped: 0 },
      affected: 12,
      reportedAt: '2026-11-29T01:10:00+08:00',
      occurredAt: null,
      updatedAt: '2026-11-29T04:00:00+08:00',
      closingSummary: '明火扑灭',
    },
    {
      ...base,
      id: 'inc-closed-before',
      title: '前一日已结束的事件',
      status: 'closed' as const,
      reportedAt: '2026-11-27T10:00:00+08:00',
      updatedAt: '2026-11-28T10:00:00+08:00',
    },
    {
      ...base,
      id: 'inc-next-day',
      title: '次日接报的事件',
      reportedAt: '2026-11-30T10:00:00+08:00',
      updatedAt: '2026-11-30T10:00:00+08:00',
    },
  ];
  scenario = { ...demo, incidents: [...demo.incidents, ...extra] };
  covered = scenario.incidents.filter((i) => !['inc-closed-before', 'inc-next-day'].includes(i.id));
  mkdirSync(join(tmp.dir, 'data'));
  const store = await StoreClient.open(join(tmp.dir, 'data', 'jinying.sqlite'));
  await store.call('importScenario', { scenario });
  await store.close();
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);
afterAll(() => tmp?.cleanup());

describe('situation report CLI over the demo store', () => {
  it('PDF: A4, every open incident and the casualty totals in its text, the CJK font embedded as TrueType, pages drawn', () => {
    const r = report('pdf');
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`wrote ${r.out}`);
    copyFileSync(r.out, join(ARTIFACTS, 'demo-day.pdf'));

    const info = poppler('pdfinfo', [r.out]);
    expect(info).toMatch(
      /Page size:\s+595(\.\d+)? x 842(\.\d+)? pts \(A4\)|Page size:\s+594\.96 x 841\.92 pts \(A4\)/,
    );
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(2);

    // -raw keeps each table cell's text together, so a title wrapped in its cell reads whole.
    const text = poppler('pdftotext', ['-raw', r.out, '-']).replace(/\s+/g, '');
    const open = covered.filter((i) => i.status !== 'closed');
    expect(open.length).toBe(7);
    for (const i of open) expect(text, i.title).toContain(i.title);
    expect(text).toContain('阳泉市郊区民房火灾');
    expect(text).not.toContain('前一日已结束的事件');
    expect(text).not.toContain('次日接报的事件');
    const dead = sum(covered, (i) => i.casualties.dead);
    const injured = sum(covered, (i) => i.casualties.injured);
    const missing = sum(covered, (i) => i.casualties.missing);
    const trapped = sum(covered, (i) => i.casualties.trapped);
    const affected = sum(covered, (i) => i.affected);
    expect([dead, injured, trapped, affected]).toEqual([3, 16, 12, 5628]);
    expect(text).toContain(
      `累计死亡${dead}人、受伤${injured}人、失联${missing}人、被困${trapped}人，受灾${affected.toLocaleString('en-US')}人`,
    );
    expect(text).toContain('仍在处置7起，已结束1起');
    expect(text).toContain('山西省应急指挥中心');
    expect(text).toContain('—1—');
    // County names come from the map pack (阳泉市 郊区 140311), not adcodes.
    expect(text).toContain('阳泉市郊区');
    expect(text).toContain('审图号GS(2024)0650号/天地图');
    expect(text).toContain('本系统尚未记录物资调运');

    // Fonts: every one embedded, CID TrueType (WenQuanYi), none drawn as Type 3 glyphs.
    const fonts = poppler('pdffonts', [r.out]).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toMatch(/WenQuanYi/);
      expect(line).toMatch(/CID TrueType\s+Identity-H\s+yes\s+yes/);
      expect(line).not.toMatch(/Type 3/);
    }

    // Pages as PNG: one per page, and the first carries the red 红头 in its top third.
    poppler('pdftoppm', ['-r', '50', '-png', r.out, join(ARTIFACTS, 'demo-day-page')]);
    const pngs = readdirSync(ARTIFACTS).filter((f) => f.startsWith('demo-day-page') && f.endsWith('.png'));
    expect(pngs.length).toBe(pages);
    const first = decodePng(readFileSync(join(ARTIFACTS, pngs.sort()[0]!)));
    let redTop = 0;
    let redBottom = 0;
    for (let y = 0; y < first.height; y++)
      for (let x = 0; x < first.width; x++) {
        const o = (y * first.width + x) * first.channels;
        const [R, G, B] = [first.pixels[o]!, first.pixels[o + 1]!, first.pixels[o + 2]!];
        if (R > 180 && G < 80 && B < 80) {
          if (y < first.height / 3) redTop++;
          else redBottom++;
        }
      }
    expect(redTop).toBeGreaterThan(2000);
    expect(redBottom).toBeLessThan(redTop / 10);
  }, 120_000);

  it('Word: the .docx unzips, holds the titles and totals, A4 with the GB/T 9704 margins', () => {
    const r = report('docx');
    expect(r.status).toBe(0);
    copyFileSync(r.out, join(ARTIFACTS, 'demo-day.docx'));
    const files = unzipSync(readFileSync(r.out));
    expect(Object.keys(files)).toContain('word/document.xml');
    const xml = strFromU8(files['word/document.xml']!);
    const text = xml.replace(/<[^>]+>/g, '');
    for (const i of covered) expect(text, i.title).toContain(i.title);
    expect(text).toContain('累计死亡3人、受伤16人、失联0人、被困12人，受灾5,628人');
    expect(text).toContain('值班信息');
    // A4 (11906 × 16838 twips) and margins 37/35/28/26 mm in twips.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const mar = /<w:pgMar ([^>]+)\/>/.exec(xml)![1]!;
    expect(mar).toContain('w:top="2098"');
    expect(mar).toContain('w:bottom="1984"');
    expect(mar).toContain('w:left="1587"');
    expect(mar).toContain('w:right="1474"');
    // The red 红头 and page numbers "— N —" in both footers.
    expect(xml).toMatch(/<w:color w:val="D40000"\/>/);
    const footers = Object.keys(files).filter((f) => /^word\/footer\d\.xml$/.test(f));
    expect(footers.length).toBe(2);
    for (const f of footers) expect(strFromU8(files[f]!)).toMatch(/PAGE/);
  }, 60_000);

  it('CSV: UTF-8 with BOM, one row per incident, the totals row adds up', () => {
    const r = report('csv');
    expect(r.status).toBe(0);
    const raw = readFileSync(r.out);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(raw.toString('utf8').slice(1));
    const head = rows[0]!;
    const body = rows.slice(1, -1);
    const total = rows.at(-1)!;
    expect(body.length).toBe(covered.length);
    expect(total[0]).toBe('合计');
    expect(new Set(body.map((x) => x[0]))).toEqual(new Set(covered.map((i) => i.id)));
    for (const col of ['死亡', '受伤', '失联', '被困', '受灾人口', '调派队伍', '调派航空器']) {
      const k = head.indexOf(col);
      expect(k, col).toBeGreaterThan(0);
      expect(Number(total[k]), col).toBe(body.reduce((n, x) => n + Number(x[k]), 0));
    }
    expect(Number(total[head.indexOf('死亡')])).toBe(3);
    expect(Number(total[head.indexOf('受灾人口')])).toBe(5628);
    // Aircraft sent: the demo's two accepted aircraft assignments (both decided that morning).
    expect(Number(total[head.indexOf('调派航空器')])).toBe(2);
    const fire = body.find((x) => x[0] === 'inc-closed-in-window')!;
    expect(fire[head.indexOf('状态')]).toBe('已结束');
    expect(fire[head.indexOf('县（区）')]).toBe('郊区');
  }, 60_000);

  it('GeoJSON: a valid RFC 7946 FeatureCollection of the covered incidents, in Shanxi', () => {
    const r = report('geojson');
    expect(r.status).toBe(0);
    const fc = JSON.parse(readFileSync(r.out, 'utf8')) as {
      type: string;
      features: {
        type: string;
        id: string;
        geometry: { type: string; coordinates: number[] };
        properties: Record<string, unknown>;
      }[];
      metadata: { totals: { incidents: number; open: number; closed: number } };
    };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBe(covered.length);
    expect(fc.metadata.totals).toMatchObject({ incidents: 8, open: 7, closed: 1 });
    for (const f of fc.features) {
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe('Point');
      expect(f.geometry.coordinates.length).toBe(2);
      const [lng, lat] = f.geometry.coordinates as [number, number];
      expect(lng).toBeGreaterThan(110.2);
      expect(lng).toBeLessThan(114.6);
      expect(lat).toBeGreaterThan(34.5);
      expect(lat).toBeLessThan(40.8);
      const inc = covered.find((i) => i.id === f.id)!;
      expect(f.properties.title).toBe(inc.title);
      expect(f.properties.dead).toBe(inc.casualties.dead);
    }
  }, 60_000);

  it('refuses a folder without a store, creating nothing there (the --hub source: hub.test.ts)', () => {
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    const r = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        'src/main/reports/cli.ts',
        '--data',
        empty,
        '--day',
        NOW,
        '--format',
        'csv',
        '--out',
        join(tmp.dir, 'x.csv'),
      ],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('holds no Jinying store');
    expect(readdirSync(empty)).toEqual([]);
    expect(existsSync(join(tmp.dir, 'x.csv'))).toBe(false);
  }, 60_000);
});

/** RFC 4180: quoted fields with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}
