import { describe, expect, it } from 'vitest';
import { readScenarioFile } from '../../../src/main/services/scenarioFile';
import { buildSearchIndex, searchEntries } from '../../../src/renderer/features/search/searchIndex';
import type { Picture } from '../../../src/shared/ipc';
import { DEMO_SCENARIO } from '../../support/tmp';

const s = readScenarioFile(DEMO_SCENARIO);
const picture: Picture = {
  incidents: s.incidents,
  units: s.units,
  bases: s.bases,
  depots: s.depots,
  assignments: s.assignments,
};
const index = buildSearchIndex(picture, null, null, (k) => k);

describe('search finds aircraft by call sign', () => {
  it('as written, and by its number alone', () => {
    const base = s.bases.find((b) => b.aircraft.some((a) => a.callsign === '晋应-H07'))!;
    expect(searchEntries(index, '晋应-H07')[0]).toMatchObject({
      kind: 'aircraft',
      name: '晋应-H07',
      id: base.id,
    });
    expect(searchEntries(index, 'h07')[0]).toMatchObject({ kind: 'aircraft', name: '晋应-H07' });
    expect(searchEntries(index, 'jyh07')[0]).toMatchObject({ kind: 'aircraft', name: '晋应-H07' });
  });

  it('every call sign of the demo is found, and chooses its base', () => {
    for (const b of s.bases)
      for (const a of b.aircraft) {
        const hit = searchEntries(index, a.callsign, 3).find(
          (e) => e.kind === 'aircraft' && e.name === a.callsign,
        );
        expect(hit?.id, a.callsign).toBe(b.id);
      }
  });
});
