import { describe, expect, it } from 'vitest';
import { Warning, WarningAction, type Person } from '../../../../src/shared/domain';
import { warningViews } from '../../../../src/shared/warnings/state';
import {
  buildCap,
  capPolygon,
  capTime,
  DEFAULT_SEVERITY,
  parseCapPolygon,
} from '../../../../src/shared/warnings/cap';

const zhang: Person = { name: '张伟', org: '省应急指挥中心', role: 'duty-officer' };
const wang: Person = { name: '王芳', org: '省应急指挥中心', role: 'duty-officer' };
const T0 = Date.parse('2026-12-02T02:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const warning = (id: string, extra: Partial<Warning> = {}) =>
  Warning.parse({
    id,
    hazard: 'flood',
    colour: 'yellow',
    headline: '暴雨黄色预警',
    senderOrg: '山西省应急管理厅',
    area: { description: '太原市', counties: [{ adcode: '140105', name: '小店区' }] },
    onset: at(60),
    expires: at(60 * 25),
    by: zhang,
    at: at(0),
    ...extra,
  });
let n = 0;
const act = (w: Warning, action: 'approve' | 'issue' | 'cancel', by: Person, min: number, draftAt = w.at) =>
  WarningAction.parse({ id: `wa-${++n}`, warningId: w.id, action, draftAt, by, at: at(min), reason: 'r' });

describe('a warning’s life (fake clock)', () => {
  const w = warning('w1');
  const now = T0 + 30 * 60_000;
  it('an approval by the drafter counts for nothing, and an issue needs a valid approval', () => {
    expect(warningViews([w], [act(w, 'approve', zhang, 1), act(w, 'issue', zhang, 2)], now)[0]!.state).toBe(
      'draft',
    );
    const v = warningViews([w], [act(w, 'approve', wang, 3), act(w, 'issue', zhang, 4)], now)[0]!;
    expect(v).toMatchObject({ state: 'issued', approved: { by: wang }, issued: { by: zhang } });
  });
  it('an approval is of a version: an edit after it returns the warning to draft', () => {
    const edited = { ...w, headline: '改', at: at(5) };
    expect(warningViews([edited], [act(w, 'approve', wang, 3)], now)[0]!.state).toBe('draft');
  });
  it('expires at its expiry; an issued update marks the original updated; a cancel cancels', () => {
    const acts = [act(w, 'approve', wang, 3), act(w, 'issue', zhang, 4)];
    expect(warningViews([w], acts, T0 + 26 * 3_600_000)[0]!.state).toBe('expired');
    const w2 = warning('w2', { supersedes: 'w1', colour: 'orange', by: wang, at: at(10) });
    const all = [...acts, act(w2, 'approve', zhang, 11), act(w2, 'issue', wang, 12)];
    const views = warningViews([w, w2], all, now);
    expect(Object.fromEntries(views.map((v) => [v.warning.id, v.state]))).toEqual({
      w1: 'updated',
      w2: 'issued',
    });
    expect(warningViews([w2], [...all, act(w2, 'cancel', zhang, 13)], now)[0]!.state).toBe('cancelled');
  });
});

describe('CAP details', () => {
  it('times carry +08:00 and never Z; polygons are lat,lon and closed; parsing reverses both', () => {
    expect(capTime('2026-12-02T01:02:03.456Z')).toBe('2026-12-02T09:02:03+08:00');
    const ring: [number, number][] = [
      [112.4, 37.7],
      [112.7, 37.7],
      [112.7, 37.95],
    ];
    expect(capPolygon(ring)).toBe('37.7,112.4 37.7,112.7 37.95,112.7 37.7,112.4');
    expect(parseCapPolygon('37.7,112.4 37.7,112.7 37.95,112.7')).toEqual([...ring, ring[0]]);
    expect(parseCapPolygon('37.7,112.4 91,112.7 37.95,112.7')).toBeNull();
    expect(parseCapPolygon('37.7;112.4')).toBeNull();
  });
  it('builds an Alert with the configured severity for the colour, refusing a warning not issued', () => {
    const w = warning('w1', { colour: 'red' });
    const [draft] = warningViews([w], [], T0);
    expect(() =>
      buildCap(draft!, { senderId: 's', identifierPrefix: 'P', severity: DEFAULT_SEVERITY }),
    ).toThrow(/not been issued/);
    const [v] = warningViews([w], [act(w, 'approve', wang, 1), act(w, 'issue', zhang, 2)], T0);
    const xml = buildCap(v!, {
      senderId: 'a b,c',
      identifierPrefix: 'CN-SX',
      severity: { ...DEFAULT_SEVERITY, red: 'Severe' },
    });
    expect(xml).toContain('<msgType>Alert</msgType>');
    expect(xml).toContain('<severity>Severe</severity>');
    expect(xml).toContain('<sender>a_b_c</sender>');
    expect(xml).toContain('<identifier>CN-SX.w1</identifier>');
    expect(xml).toContain('<value>红色预警</value>');
  });
});
