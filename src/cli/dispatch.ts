/**
 * The dispatch CLI: `npm run dispatch -- <command> [options]`. See docs/dispatch.md.
 * Validates every input at the boundary and exits non-zero with a message naming the problem.
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { Scenario } from '../shared/domain';
import {
  allocateSupplies,
  assign,
  STALE_FIX_MINUTES,
  explainAvailability,
  explainCandidate,
  explainRefusal,
  explainRunCard,
  reachNetwork,
  recommend,
  type AssignmentPlan,
} from '../shared/dispatch';
import { locateRegion, type Position } from '../shared/geo';
import {
  CliError,
  DEFAULT_SCENARIO,
  incidentsFromValue,
  loadIncidentsFile,
  loadScenarioFile,
  optionalMapPack,
  parseHazard,
  parseLevel,
  parseLngLat,
  parseNumber,
  parseWater,
  resolveNow,
  type MapPack,
} from './inputs';
import { f1, table, toJson, toJsonLine } from './format';
import { cmdCoverage } from './coverageCommand';
import { parseJsonWithPositions, describeParseFailure } from '../shared/domain/jsonPositions';

const USAGE = `Usage: npm run dispatch -- <command> [options]

Commands:
  recommend --at LON,LAT --hazard TYPE [--level I|II|III|IV] [--limit N] [--headcount N] [--rank-by eta|worst_case] [--water LON,LAT ...]
  coverage  --map-pack DIR [--minutes 60] [--hazard TYPE] [--water LON,LAT ...] [--candidate LON,LAT ...]
            [--cell-km 1] [--reach-geojson FILE]
            [--commit AIRCRAFT_ID ... [--max-moves 3] [--min-gain-km2 500] [--min-gain-pct 1]
             [--horizon-minutes 180] [--fire-season yes|no] [--move-forest-aircraft]]
  assign    --incidents FILE [--objective total|worst] [--rank-by eta|worst_case]
  supply    --at LON,LAT --affected N [--days 3] [--target-hours 10] [--displaced-share 0.3]
            [--reported-at ISO-TIME] [--last-mile-minutes 120]

Common options:
  --scenario FILE   scenario JSON (docs/scenario-schema.md); default ${DEFAULT_SCENARIO}
  --map-pack DIR    folder with the county GeoJSON (no default: without it no county is named,
                    points are checked against Shanxi's bounding box, and coverage refuses to run)
  --now ISO         time for position-fix ages and the fire season; default: scenario time for
                    demo scenarios, else the clock
  --json            machine-readable output (fields in docs/dispatch.md)

Batch:
  --batch           read one JSON request per line from stdin, e.g.
                    {"command":"recommend","at":[112.1,36.6],"hazard":"forest_fire"}
                    and write one JSON result per line: {"line":1,"ok":true,"result":{...}} or
                    {"line":2,"ok":false,"error":"..."}. --scenario, --map-pack and --now set
                    defaults for every line.
`;

const OPTIONS = {
  scenario: { type: 'string' },
  'map-pack': { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  at: { type: 'string' },
  hazard: { type: 'string' },
  level: { type: 'string' },
  limit: { type: 'string' },
  headcount: { type: 'string' },
  'rank-by': { type: 'string' },
  minutes: { type: 'string' },
  candidate: { type: 'string', multiple: true },
  commit: { type: 'string', multiple: true },
  'cell-km': { type: 'string' },
  'reach-geojson': { type: 'string' },
  incidents: { type: 'string' },
  objective: { type: 'string' },
  affected: { type: 'string' },
  days: { type: 'string' },
  'target-hours': { type: 'string' },
  'displaced-share': { type: 'string' },
  'reported-at': { type: 'string' },
  'last-mile-minutes': { type: 'string' },
  water: { type: 'string', multiple: true },
  'max-moves': { type: 'string' },
  'min-gain-km2': { type: 'string' },
  'min-gain-pct': { type: 'string' },
  'horizon-minutes': { type: 'string' },
  'fire-season': { type: 'string' },
  'move-forest-aircraft': { type: 'boolean' },
  batch: { type: 'boolean' },
} as const;

export type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

const ALLOWED: Record<string, readonly string[]> = {
  recommend: ['at', 'hazard', 'level', 'limit', 'headcount', 'rank-by', 'water'],
  coverage: [
    'minutes',
    'hazard',
    'water',
    'candidate',
    'commit',
    'cell-km',
    'reach-geojson',
    'max-moves',
    'min-gain-km2',
    'min-gain-pct',
    'horizon-minutes',
    'fire-season',
    'move-forest-aircraft',
  ],
  assign: ['incidents', 'objective', 'rank-by'],
  supply: ['at', 'affected', 'days', 'target-hours', 'displaced-share', 'reported-at', 'last-mile-minutes'],
};
const COMMON = ['scenario', 'map-pack', 'now', 'json', 'help'];

export interface Ctx {
  v: Values;
  scenario: Scenario;
  scenarioFile: string;
  now: { ms: number; source: string };
  /** A line of text output. */
  out: (s: string) => void;
  /** The JSON document of a --json run (or the result of a batch line). */
  emit: (doc: Record<string, unknown>) => void;
  /** Incidents given inline by a batch request (instead of --incidents FILE). */
  incidents?: { value: unknown; label: string };
}

function countyLabel(pack: MapPack | null, p: Position): string {
  if (!pack) return '';
  const hit = locateRegion(pack.countyRegions, p);
  if (!hit) return '';
  const border = hit.onBorder ? `, on the border of ${hit.touching.join(' / ')}` : '';
  return ` (${hit.region.name} ${hit.region.code}${border})`;
}

function countyJson(pack: MapPack | null, p: Position) {
  if (!pack) return null;
  const hit = locateRegion(pack.countyRegions, p);
  return hit
    ? { adcode: hit.region.code, name: hit.region.name, onBorder: hit.onBorder, touching: hit.touching }
    : null;
}

function cmdRecommend(c: Ctx): void {
  const pack = optionalMapPack(c.v['map-pack']);
  const at = parseLngLat(c.v.at, '--at', pack);
  const hazard = parseHazard(c.v.hazard);
  const level = parseLevel(c.v.level, 'IV');
  const limit = parseNumber(c.v.limit, '--limit', { min: 1, max: 500, integer: true, fallback: 10 });
  const headcount = parseNumber(c.v.headcount, '--headcount', {
    min: 0,
    max: 1_000_000,
    integer: true,
    fallback: 0,
  });
  const rankBy = c.v['rank-by'] ?? 'eta';
  const water = parseWater(c.v.water, pack);
  if (rankBy !== 'eta' && rankBy !== 'worst_case')
    throw new CliError(`--rank-by "${rankBy}" must be eta or worst_case`);
  const rec = recommend(
    c.scenario,
    { location: at, hazard, level, ...(headcount > 0 ? { needs: { headcount } } : {}) },
    { limit, now: c.now.ms, rankBy, waterSources: water },
  );
  const reach = reachNetwork(c.scenario.bases, at, { minutes: 60, hazard, waterSources: water });
  if (c.v.json) {
    c.emit({
      command: 'recommend',
      scenario: c.scenarioFile,
      clock: c.now.source,
      county: countyJson(pack, at),
      ...rec,
      aviation60: reach,
    });
    return;
  }
  c.out(`Recommendation: ${hazard} level ${level} at ${at[0]},${at[1]}${countyLabel(pack, at)}`);
  c.out(
    `clock ${rec.nowIso} (${c.now.source}); ranked by ${rankBy === 'eta' ? 'ETA from the last known position' : 'worst-case ETA (ETA + position uncertainty)'}`,
  );
  c.out(
    `qualifying capabilities: ${rec.requiredCapabilities.join(', ')}; ground units with them: ${rec.pool.qualifyingUnits}, dispatchable: ${rec.pool.eligibleUnits}`,
  );
  c.out('');
  if (rec.empty) c.out(`NO CANDIDATE: ${rec.empty.message}`);
  else {
    c.out(
      table(
        [
          '>#',
          'resource',
          'kind',
          '>distance km',
          '>ETA min',
          '>ETA range min',
          'confidence',
          'qualifies by',
        ],
        rec.candidates.map((x) => [
          String(x.rank),
          x.name,
          x.resource === 'aircraft' ? `air/${x.kind}` : x.kind,
          f1(x.distanceKm),
          f1(x.etaMinutes),
          `${f1(x.etaRangeMinutes[0])}–${f1(x.etaRangeMinutes[1])}`,
          x.confidence + (x.fix?.linkDown ? ' LINK DOWN' : ''),
          x.qualifiesBy.join(','),
        ]),
      ),
    );
    c.out('');
    c.out('Why:');
    for (const x of rec.candidates) c.out(`  ${explainCandidate(x)}`);
  }
  if (rec.needs.headcount) {
    const h = rec.needs.headcount;
    c.out('');
    c.out(
      h.metAtRank !== null
        ? `Headcount ${h.required}: met by the first ${h.metAtRank} candidates, all there within ${f1(h.metAtMinutes)} min`
        : `Headcount ${h.required}: NOT met; all qualifying dispatchable units together bring ${h.reached}`,
    );
  }
  if (rec.runCard) {
    c.out('');
    for (const l of explainRunCard(rec.runCard)) c.out(l);
  }
  if (rec.aircraftRefused.length) {
    c.out('');
    c.out('Aircraft that qualify but cannot go:');
    // Status, range, or the availability rules that hold it (night, weather, crew, airspace).
    for (const r of rec.aircraftRefused) c.out(`  ${explainRefusal(r)}`);
  }
  c.out('');
  c.out(
    `1-hour aviation network: ${reach.within.length} base(s) reach this point within 60 min with an aircraft that can do the job (${reach.countingCapabilities.join(', ')})`,
  );
  for (const b of reach.within) {
    const a = b.counting!;
    c.out(
      `  ${b.baseName}: ${a.callsign} [${a.id}] ${f1(a.etaMinutes)} min${a.speedBasis === 'external_load' ? ' (external-load speed)' : ''} (${f1(b.distanceKm)} km)`,
    );
  }
  if (reach.recon.length) {
    c.out('Reconnaissance only (not counted):');
    for (const r of reach.recon)
      c.out(
        `  ${r.callsign} [${r.id}] at ${r.baseName}: ${r.etaMinutes !== null ? `${f1(r.etaMinutes)} min` : r.refused === 'not_available' ? `status ${r.status}` : r.refused === 'conditions' ? explainAvailability(r.availability) : 'out of range'}`,
      );
  }
}

function planRows(plan: AssignmentPlan): string[][] {
  const rows: string[][] = [];
  for (const inc of plan.incidents) {
    for (const s of inc.slots) {
      rows.push([
        inc.id,
        `${inc.hazard}/${inc.level}`,
        s.role,
        `${s.assigned.length}/${s.needed}`,
        s.assigned
          .map(
            (a) =>
              `${a.name} ${f1(a.etaMinutes)}${a.fix ? ` (fix ${Math.round(a.fix.ageMinutes)} min old, ${a.fix.confidence}${a.fix.stale ? ', STALE' : ''})` : ''}`,
          )
          .join('; ') + (s.missing ? `  ! ${s.missing} unfilled` : ''),
      ]);
    }
  }
  return rows;
}

function cmdAssign(c: Ctx): void {
  const pack = optionalMapPack(c.v['map-pack']);
  if (!c.v.incidents && !c.incidents)
    throw new CliError(
      '--incidents FILE is required (a JSON array of {id, location: [LON, LAT], hazard, level})',
    );
  const incidents = c.incidents
    ? incidentsFromValue(c.incidents.value, c.incidents.label, pack)
    : loadIncidentsFile(c.v.incidents!, pack);
  const objective = c.v.objective ?? 'total';
  if (objective !== 'total' && objective !== 'worst')
    throw new CliError(`--objective "${objective}" must be total or worst`);
  const rankBy = c.v['rank-by'] ?? 'eta';
  if (rankBy !== 'eta' && rankBy !== 'worst_case')
    throw new CliError(`--rank-by "${rankBy}" must be eta or worst_case`);
  const res = assign(c.scenario, incidents, { now: c.now.ms, objective, rankBy });
  if (c.v.json) {
    c.emit({ command: 'assign', scenario: c.scenarioFile, clock: c.now.source, ...res });
    return;
  }
  c.out(
    `Assignment of ${incidents.length} incidents (${res.optimal.totals.positions} positions), objective: ${objective === 'total' ? 'least total' : 'least worst'} ${
      rankBy === 'eta' ? 'ETA' : 'worst-case ETA (ETA + position uncertainty)'
    }`,
  );
  c.out('');
  c.out(table(['incident', 'hazard', 'role', '>filled', 'assigned (ETA min)'], planRows(res.optimal)));
  c.out('');
  const o = res.optimal.totals;
  const g = res.greedy.totals;
  c.out(
    table(
      ['plan', '>filled', '>total ETA min', '>mean ETA min', '>worst ETA min'],
      [
        [
          'optimal',
          `${o.filled}/${o.positions}`,
          f1(o.totalEtaMinutes),
          f1(o.meanEtaMinutes),
          f1(o.worstEtaMinutes),
        ],
        [
          'greedy nearest-first',
          `${g.filled}/${g.positions}`,
          f1(g.totalEtaMinutes),
          f1(g.meanEtaMinutes),
          f1(g.worstEtaMinutes),
        ],
      ],
    ),
  );
  c.out(
    `saved versus greedy: ${f1(res.saved.totalEtaMinutes)} min total ETA, ${f1(res.saved.worstEtaMinutes)} min worst ETA, ${res.saved.positionsFilled} more position(s) filled`,
  );
  if (o.onStaleFixes > 0) {
    c.out(
      `! ${o.onStaleFixes} of the ${o.filled} choices rest on positions older than ${STALE_FIX_MINUTES} min: confirm where those units are before sending them (or plan with --rank-by worst_case).`,
    );
  } else if (o.filled > 0) c.out(`every choice rests on a position at most ${STALE_FIX_MINUTES} min old`);
}

function cmdSupply(c: Ctx): void {
  const pack = optionalMapPack(c.v['map-pack']);
  const at = parseLngLat(c.v.at, '--at', pack);
  if (c.v.affected === undefined) throw new CliError('--affected N is required (number of people affected)');
  const affected = parseNumber(c.v.affected, '--affected', {
    min: 0,
    max: 50_000_000,
    integer: true,
    fallback: 0,
  });
  const days = parseNumber(c.v.days, '--days', { min: 1, max: 30, fallback: 3 });
  const targetHours = parseNumber(c.v['target-hours'], '--target-hours', { min: 1, max: 240, fallback: 10 });
  const share = parseNumber(c.v['displaced-share'], '--displaced-share', { min: 0, max: 1, fallback: 0.3 });
  const lastMileMinutes = parseNumber(c.v['last-mile-minutes'], '--last-mile-minutes', {
    min: 0,
    max: 24 * 60,
    fallback: 120,
  });
  const reported = c.v['reported-at'];
  if (reported !== undefined && !Number.isFinite(Date.parse(reported)))
    throw new CliError(
      `--reported-at "${reported}" is not a time (use ISO 8601 with an offset, e.g. 2026-11-29T05:00:00+08:00)`,
    );
  const plan = allocateSupplies(c.scenario.depots, at, affected, {
    days,
    targetHours,
    displacedShare: share,
    now: c.now.ms,
    lastMileMinutes,
    ...(reported ? { reportedAt: reported } : {}),
  });
  if (c.v.json) {
    c.emit({ command: 'supply', scenario: c.scenarioFile, county: countyJson(pack, at), ...plan });
    return;
  }
  c.out(
    `Relief supplies for ${affected} people affected (${plan.displaced} displaced) at ${at[0]},${at[1]}${countyLabel(pack, at)}`,
  );
  c.out(
    `${days} days of food and water; ${plan.coldSeason ? 'cold' : 'warm'} season; target: everything in people's hands within ${targetHours} h of the ${
      plan.clockStartsAt
        ? `report (${plan.clockStartsAt}, ${(plan.elapsedMinutes / 60).toFixed(1)} h ago)`
        : 'allocation (no --reported-at given)'
    }, ${plan.lastMileMinutes} min after arrival on site`,
  );
  c.out('');
  c.out(
    table(
      ['item', '>needed', '>allocated', '>short', '>on site h', '>in hands h'],
      plan.needs.map((n) => [
        n.item,
        String(n.needed),
        String(n.allocated),
        String(n.shortfall),
        n.lastArrivalMinutes === null ? '—' : (n.lastArrivalMinutes / 60).toFixed(1),
        n.lastInHandsMinutes === null ? '—' : (n.lastInHandsMinutes / 60).toFixed(1),
      ]),
    ),
  );
  c.out('');
  c.out(
    table(
      ['depot', 'level', '>km', '>m³', '>trucks', '>loading h', '>drive h', '>on site h', 'in time', 'sends'],
      plan.shipments.map((s) => [
        s.depotName,
        s.level,
        f1(s.distanceKm),
        f1(s.volumeM3),
        String(s.trucks),
        (s.loadingMinutes / 60).toFixed(1),
        (s.driveMinutes / 60).toFixed(1),
        (s.arrivesMinutes / 60).toFixed(1),
        s.withinTarget ? 'yes' : 'NO',
        s.items.map((i) => `${i.item} ${i.quantity}${i.unit}`).join(', '),
      ]),
    ),
  );
  c.out('');
  c.out(
    plan.meetsTarget
      ? `Meets the ${targetHours} h target: everything on site within ${((plan.lastArrivalMinutes ?? 0) / 60).toFixed(1)} h and in people's hands within ${((plan.lastInHandsMinutes ?? 0) / 60).toFixed(1)} h.`
      : `DOES NOT meet the ${targetHours} h target:\n${plan.problems.map((p) => `  - ${p}`).join('\n')}`,
  );
}

/** Run one command with parsed options; throws CliError (or RangeError) on bad input. */
function runCommand(
  command: string,
  v: Values,
  out: (s: string) => void,
  emit: (doc: Record<string, unknown>) => void,
  scenarios: Map<string, Scenario>,
  incidents?: { value: unknown; label: string },
): void {
  const scenarioFile = v.scenario ?? DEFAULT_SCENARIO;
  let scenario = scenarios.get(scenarioFile);
  if (!scenario) {
    scenario = loadScenarioFile(scenarioFile);
    scenarios.set(scenarioFile, scenario);
  }
  const c: Ctx = {
    v,
    scenario,
    scenarioFile,
    now: resolveNow(v.now, scenario),
    out,
    emit,
    ...(incidents ? { incidents } : {}),
  };
  if (command === 'recommend') cmdRecommend(c);
  else if (command === 'coverage') cmdCoverage(c);
  else if (command === 'assign') cmdAssign(c);
  else cmdSupply(c);
}

const COMMANDS = Object.keys(ALLOWED);

/**
 * Batch mode: one JSON request per stdin line, one JSON result per stdout line, in order. A line
 * is independent of the others: a bad one gets an error object naming its line number and what
 * was wrong, and the next line is read. Files (scenario, map pack) are read once per batch.
 * Resolves to 0 when every line succeeded, 1 when any failed.
 */
async function runBatch(defaults: Values): Promise<number> {
  const scenarios = new Map<string, Scenario>();
  const write = (o: unknown) => process.stdout.write(`${toJsonLine(o)}\n`);
  let failed = 0;
  let n = 0;
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const raw of rl) {
    n++;
    const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue; // blank lines carry no request
    try {
      const req = batchRequest(text);
      let doc: Record<string, unknown> | null = null;
      runCommand(
        req.command,
        { ...defaults, ...req.values, json: true },
        () => {},
        (d) => (doc = d),
        scenarios,
        req.incidents,
      );
      write({ line: n, ...(req.id !== undefined ? { id: req.id } : {}), ok: true, result: doc });
    } catch (e) {
      failed++;
      const known = e instanceof CliError || e instanceof RangeError;
      const msg = known ? (e as Error).message : `internal error: ${(e as Error)?.message ?? String(e)}`;
      const id = e instanceof BatchError ? e.id : undefined;
      write({ line: n, ...(id !== undefined ? { id } : {}), ok: false, error: `line ${n}: ${msg}` });
    }
  }
  return failed ? 1 : 0;
}

class BatchError extends CliError {
  constructor(
    message: string,
    readonly id?: string | number,
  ) {
    super(message);
  }
}

/** Longest request line read (a guard against a runaway producer). */
const MAX_LINE = 1_000_000;

/**
 * One batch line → command and option values. Keys are the long option names ("at", "rank-by";
 * camelCase "rankBy" works too); values are strings, numbers, booleans, [LON, LAT] pairs, or
 * arrays of those for repeatable options; `incidents` may be inline.
 */
function batchRequest(text: string): {
  command: string;
  id: string | number | undefined;
  values: Values;
  incidents?: { value: unknown; label: string };
} {
  if (text.length > MAX_LINE)
    throw new CliError(`longer than ${MAX_LINE.toLocaleString('en-US')} characters`);
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok)
    throw new CliError(
      describeParseFailure(parsed, 'request').replace(/^request:1:(\d+):? ?/, 'column $1: '),
    );
  const req = parsed.value;
  if (typeof req !== 'object' || req === null || Array.isArray(req))
    throw new CliError(
      'a request is a JSON object, e.g. {"command":"supply","at":[111.68,36.3],"affected":2300}',
    );
  const o = req as Record<string, unknown>;
  const id = o.id;
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number')
    throw new CliError('"id" must be a string or a number (it is echoed in the result)');
  const command = o.command;
  if (typeof command !== 'string' || !COMMANDS.includes(command))
    throw new BatchError(
      `"command" must be one of ${COMMANDS.join(', ')}${command === undefined ? '' : ` (got ${JSON.stringify(command)})`}`,
      id,
    );
  const values: Record<string, unknown> = {};
  let incidents: { value: unknown; label: string } | undefined;
  for (const [key, val] of Object.entries(o)) {
    if (key === 'command' || key === 'id') continue;
    const name = key.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
    const spec = (OPTIONS as Record<string, { type: string; multiple?: boolean }>)[name];
    if (!spec || name === 'batch' || name === 'help')
      throw new BatchError(`unknown option "${key}" for ${command}`, id);
    if (!ALLOWED[command]!.includes(name) && !COMMON.includes(name))
      throw new BatchError(`"${key}" does not apply to ${command}`, id);
    if (name === 'json') continue; // results are always JSON
    if (name === 'incidents' && typeof val !== 'string') {
      incidents = { value: val, label: '"incidents"' };
      continue;
    }
    if (spec.type === 'boolean') {
      if (typeof val !== 'boolean') throw new BatchError(`"${key}" must be true or false`, id);
      values[name] = val;
    } else if (spec.multiple) {
      const list = Array.isArray(val) && !isPair(val) ? val : [val];
      values[name] = list.map((x, i) => optionText(x, `${key}[${i}]`, id));
    } else values[name] = optionText(val, key, id);
  }
  return {
    command,
    id: id as string | number | undefined,
    values: values as Values,
    ...(incidents ? { incidents } : {}),
  };
}

const isPair = (v: unknown[]): boolean => v.length === 2 && v.every((x) => typeof x === 'number');

/** A request value as the text its command-line option would carry. */
function optionText(v: unknown, key: string, id: string | number | undefined): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (Array.isArray(v) && isPair(v)) return `${v[0]},${v[1]}`;
  throw new BatchError(
    `"${key}" must be a string, a number or a [LON, LAT] pair (got ${JSON.stringify(v)})`,
    id,
  );
}

/**
 * The CLI. Returns the exit code: 0 done, 2 bad input (the message is on stderr). With --batch
 * it returns a promise (stdin is read to its end).
 */
export function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(`${s}\n`),
): number | Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`dispatch: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.batch) {
    const extra = Object.keys(v).filter((k) => !['batch', 'scenario', 'map-pack', 'now', 'json'].includes(k));
    if (positionals.length || extra.length) {
      process.stderr.write(
        `dispatch: --batch takes the command and its options from each stdin line; on the command line only --scenario, --map-pack and --now (got ${[...positionals, ...extra.map((k) => `--${k}`)].join(' ')})\n`,
      );
      return 2;
    }
    return runBatch({ scenario: v.scenario, 'map-pack': v['map-pack'], now: v.now } as Values);
  }
  const command = positionals[0];
  if (v.help || !command) {
    (v.help ? process.stdout : process.stderr).write(USAGE);
    return v.help ? 0 : 2;
  }
  const allowed = ALLOWED[command];
  if (!allowed) {
    process.stderr.write(
      `dispatch: unknown command "${command}"; use recommend, coverage, assign or supply\n\n${USAGE}`,
    );
    return 2;
  }
  if (positionals.length > 1) {
    process.stderr.write(`dispatch: unexpected argument "${positionals[1]}"\n`);
    return 2;
  }
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k) && !COMMON.includes(k)) {
      process.stderr.write(`dispatch: --${k} does not apply to ${command}\n`);
      return 2;
    }
  }
  try {
    runCommand(command, v, out, (doc) => out(toJson(doc)), new Map());
    return 0;
  } catch (e) {
    if (e instanceof CliError || e instanceof RangeError) {
      process.stderr.write(`dispatch: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** Run main() and set the exit code (sync, or when a batch ends). */
export function runMain(argv: string[]): Promise<void> {
  return Promise.resolve(main(argv)).then((code) => {
    process.exitCode = code;
  });
}

// Run only as the entry script (node dist/cli/dispatch.mjs, tsx src/cli/dispatch.ts), so tests
// and the launcher (src/cli/run.mjs) can import main() without side effects.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  void runMain(process.argv.slice(2));
