/**
 * 预警 through the app's handlers on a real store with the Shanxi pack: a draft is refused naming the
 * field when it has no area or expires before its onset; the drafter cannot approve it (two-person
 * rule); an issued warning exports as CAP 1.2 that Debian's xmllint validates against the OASIS
 * schema, with +08:00 times and lat,lon polygons; the export imports back with its area, times and
 * level; an update and a cancellation reference the original; hostile files are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type AppRuntime } from '../../../src/main/app/compose';
import type { WarningView } from '../../../src/shared/warnings/state';
import { REPO_ROOT, SHANXI_PACK, tempDir } from '../../support/tmp';

const XSD = join(REPO_ROOT, 'assets', 'schemas', 'CAP-v1.2.xsd');
let t: ReturnType<typeof tempDir>;
let app: AppRuntime;
const H = 3_600_000;
const onset = new Date(Date.now() + H).toISOString();
const expires = new Date(Date.now() + 25 * H).toISOString();
const drawn: [number, number][] = [
  [112.4, 37.7],
  [112.7, 37.7],
  [112.7, 37.95],
  [112.4, 37.95],
  [112.4, 37.7],
];
const draft = {
  hazard: 'flood' as const,
  colour: 'orange' as const,
  headline: '汾河太原段暴雨洪涝橙色预警',
  description: '预计未来 24 小时汾河太原段将出现超警洪水。',
  instruction: '沿河群众及时转移，停止涉水作业。',
  senderOrg: '山西省应急管理厅',
  area: {
    description: '太原市小店区、晋源区及汾河沿岸',
    counties: [{ adcode: '140105', name: '小店区' }],
    polygons: [drawn],
  },
  onset,
  expires,
};
const as = (name: string) => app.handlers['duty:signIn']({ name, org: '省应急指挥中心' });
const xmllint = (file: string) =>
  spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });

beforeAll(async () => {
  if (!existsSync(SHANXI_PACK)) throw new Error(`the Shanxi map pack is missing: ${SHANXI_PACK}`);
  t = tempDir('jinying-warnings-');
  app = await startApp({ dataDir: t.dir, mode: 'web', mapPackDir: SHANXI_PACK, log: () => undefined });
}, 60_000);
afterAll(async () => {
  await app?.close();
  t?.cleanup();
});

let first: WarningView;

describe('drafting and the two-person rule', () => {
  it('refuses a draft without an area, or expiring before its onset, naming the field; nothing is stored', async () => {
    await as('张伟');
    await expect(
      app.handlers['warning:save']({ ...draft, area: { description: '全省', counties: [], polygons: [] } }),
    ).rejects.toMatchObject({ code: 'INVALID', params: { field: 'area.counties' } });
    await expect(
      app.handlers['warning:save']({ ...draft, expires: onset, onset: expires }),
    ).rejects.toMatchObject({
      code: 'INVALID',
      params: { field: 'expires' },
    });
    await expect(
      app.handlers['warning:save']({ ...draft, area: { ...draft.area, polygons: [drawn.slice(0, 4)] } }),
    ).rejects.toMatchObject({ code: 'INVALID', params: { field: 'area.polygons.0' } });
    expect(await app.handlers['warning:list']({})).toEqual([]);
  });

  it('the drafter cannot approve; a second person does; only then is it issued', async () => {
    first = await app.handlers['warning:save'](draft);
    expect(first.state).toBe('draft');
    await expect(
      app.handlers['warning:act']({ id: first.warning.id, action: 'issue' }),
    ).rejects.toMatchObject({
      params: { variant: 'notApproved' },
    });
    await expect(
      app.handlers['warning:act']({ id: first.warning.id, action: 'approve' }),
    ).rejects.toMatchObject({
      code: 'INVALID',
      params: { variant: 'twoPerson' },
    });
    await as('王芳');
    const approved = await app.handlers['warning:act']({ id: first.warning.id, action: 'approve' });
    expect(approved).toMatchObject({ state: 'approved', approved: { by: { name: '王芳' } } });
    await as('张伟');
    first = await app.handlers['warning:act']({ id: first.warning.id, action: 'issue' });
    expect(first).toMatchObject({ state: 'issued', issued: { by: { name: '张伟' } } });
  });
});

describe('CAP 1.2', () => {
  let xmlFile = '';
  it('exports an issued warning that the OASIS schema validates (xmllint), with +08:00 times and lat,lon polygons', async () => {
    await expect(
      app.handlers['warning:export']({ id: (await app.handlers['warning:save'](draft)).warning.id }),
    ).rejects.toMatchObject({ params: { variant: 'notIssued' } });
    const out = await app.handlers['warning:export']({ id: first.warning.id });
    xmlFile = out.path;
    expect(out.msgType).toBe('Alert');
    const r = xmllint(out.path);
    expect(r.stderr).toMatch(/validates/);
    expect(r.status).toBe(0);
    const xml = readFileSync(out.path, 'utf8');
    expect(xml).toContain('<severity>Severe</severity>');
    expect(xml).toMatch(/<onset>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00<\/onset>/);
    expect(xml).not.toMatch(/\d\dZ</);
    // The drawn square: latitude first, closed.
    expect(xml).toContain('<polygon>37.7,112.4 37.7,112.7 37.95,112.7 37.95,112.4 37.7,112.4</polygon>');
    // 小店区's outline from the pack follows it, and its geocode.
    expect((xml.match(/<polygon>/g) ?? []).length).toBeGreaterThan(1);
    expect(xml).toContain('<value>140105</value>');
  });

  it('imports back with the same area, times and level', async () => {
    const imported = await app.handlers['warning:import']({ text: readFileSync(xmlFile, 'utf8') });
    const w = imported.warning;
    expect(imported.state).toBe('issued');
    expect(w).toMatchObject({
      origin: 'imported',
      hazard: 'flood',
      colour: 'orange',
      headline: draft.headline,
    });
    expect(w.area.counties).toEqual([{ adcode: '140105', name: '小店区' }]);
    expect(w.area.polygons).toEqual([drawn]);
    expect(Date.parse(w.onset)).toBe(Math.floor(Date.parse(onset) / 1000) * 1000);
    expect(Date.parse(w.expires)).toBe(Math.floor(Date.parse(expires) / 1000) * 1000);
    await expect(
      app.handlers['warning:import']({ text: readFileSync(xmlFile, 'utf8') }),
    ).rejects.toMatchObject({
      params: { variant: 'capDuplicate' },
    });
  });

  it('an update is a new version that references the original; a cancellation references it too', async () => {
    const v2 = await app.handlers['warning:save']({ ...draft, colour: 'red', supersedes: first.warning.id });
    await as('王芳');
    await app.handlers['warning:act']({ id: v2.warning.id, action: 'approve' });
    await app.handlers['warning:act']({ id: v2.warning.id, action: 'issue' });
    const list = await app.handlers['warning:list']({});
    expect(list.find((v) => v.warning.id === first.warning.id)?.state).toBe('updated');
    const up = await app.handlers['warning:export']({ id: v2.warning.id });
    expect(up.msgType).toBe('Update');
    expect(up.xml).toContain(`<references>jinying.yjt.shanxi.gov.cn,CN-SX-JINYING.${first.warning.id},`);
    expect(xmllint(up.path).status).toBe(0);

    await expect(app.handlers['warning:act']({ id: v2.warning.id, action: 'cancel' })).rejects.toMatchObject({
      params: { variant: 'reasonRequired' },
    });
    await app.handlers['warning:act']({ id: v2.warning.id, action: 'cancel', reason: '雨情减弱，解除预警' });
    const c = await app.handlers['warning:export']({ id: v2.warning.id });
    expect(c.msgType).toBe('Cancel');
    expect(c.xml).toContain(`<references>jinying.yjt.shanxi.gov.cn,CN-SX-JINYING.${v2.warning.id},`);
    expect(c.xml).toContain('<note>雨情减弱，解除预警</note>');
    expect(xmllint(c.path).status).toBe(0);
  });

  it('refuses hostile or invalid files, naming what is wrong, and stores nothing', async () => {
    const before = (await app.handlers['warning:list']({})).length;
    const good = readFileSync(xmlFile, 'utf8');
    const doctype = good.replace(
      '<alert',
      '<!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<alert',
    );
    await expect(app.handlers['warning:import']({ text: doctype })).rejects.toMatchObject({
      params: { variant: 'capRefused', reason: expect.stringMatching(/DOCTYPE/) },
    });
    const zulu = good.replace(/<sent>[^<]+<\/sent>/, '<sent>2026-12-02T01:00:00Z</sent>');
    await expect(app.handlers['warning:import']({ text: zulu })).rejects.toMatchObject({
      params: { variant: 'capInvalid', reason: expect.stringMatching(/sent/) },
    });
    await expect(app.handlers['warning:import']({ text: '<alert>' })).rejects.toMatchObject({
      params: {
        variant: expect.stringMatching(/^cap(Invalid|Refused)$/),
        reason: expect.stringMatching(/well-formed/),
      },
    });
    expect((await app.handlers['warning:list']({})).length).toBe(before);
  });

  it('the CLI validates a file (exit 0, or 1 naming the line) and exports from a data folder', () => {
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const cli = join(REPO_ROOT, 'src', 'main', 'warnings', 'cli.ts');
    const ok = spawnSync(tsx, [cli, 'validate', xmlFile], { encoding: 'utf8' });
    expect(ok.stdout).toContain('valid CAP 1.2');
    expect(ok.status).toBe(0);
    const bad = join(t.dir, 'bad.xml');
    writeFileSync(
      bad,
      readFileSync(xmlFile, 'utf8').replace('<scope>Public</scope>', '<scope>Everyone</scope>'),
    );
    const no = spawnSync(tsx, [cli, 'validate', bad], { encoding: 'utf8' });
    expect(no.status).toBe(1);
    expect(no.stdout).toMatch(/bad\.xml:\d+: .*scope/);
    const out = join(t.dir, 'cli.xml');
    execFileSync(tsx, [
      cli,
      'export',
      '--data',
      t.dir,
      '--id',
      first.warning.id,
      '--out',
      out,
      '--map-pack',
      SHANXI_PACK,
    ]);
    expect(xmllint(out).status).toBe(0);
  }, 60_000);
});
