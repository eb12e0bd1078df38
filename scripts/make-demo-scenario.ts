/**
 * Generates the demo scenario, assets/scenarios/shanxi-demo.json (schema: docs/scenario-schema.md).
 *
 *   npx tsx scripts/make-demo-scenario.ts [OUT.json] [--basemap DIR]
 *
 * OUT.json defaults to assets/scenarios/shanxi-demo.json; DIR defaults to ../shared/data/basemap-shanxi
 * (relative to the repository root). The basemap files are read at generation time only; the generated
 * JSON is what the project commits.
 *
 * Real public facts: the 7 civil airports (name, ICAO, position; OurAirports), the 11 city centres
 * (GeoNames) and the 117 county codes, names and label points (Tianditu 2024, GB/T 2260). Everything
 * else is invented and carries `demo: true`.
 *
 * Deterministic: one seeded PRNG drawn in a fixed order, a fixed scenario time, no clock, no
 * environment. Running it twice gives byte-identical output (tests/unit/shared/domain checks this).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as z from 'zod';
import type { Aircraft, AviationBaseInput } from '../src/shared/domain/aviation';
import type { AssignmentInput } from '../src/shared/domain/assignment';
import type { IncidentInput } from '../src/shared/domain/incident';
import { SCENARIO_SCHEMA_VERSION, type ScenarioInput } from '../src/shared/domain/scenario';
import { loadScenarioText } from '../src/shared/domain/scenarioLoader';
import type { StockItem, SupplyDepotInput, SupplyItem } from '../src/shared/domain/supply';
import type { Capability, RescueUnitInput, UnitKind, UnitStatus } from '../src/shared/domain/unit';
import { mulberry32 } from '../src/shared/util/random';

type LngLat = [number, number];
type AircraftInput = z.input<typeof Aircraft>;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUT = path.join(ROOT, 'assets/scenarios/shanxi-demo.json');
const DEFAULT_BASEMAP = path.resolve(ROOT, '../shared/data/basemap-shanxi');

/** The fixed "now" of the scenario; every timestamp is relative to it. */
const SCENARIO_TIME = '2026-11-29T08:00:00+08:00';
const T0 = Date.parse(SCENARIO_TIME);
const SEED = 20261129;

// ---------------------------------------------------------------------------------------------
// Deterministic helpers

const rand = mulberry32(SEED);
const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
const intBetween = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
/** Fisher–Yates on a copy. */
function shuffled<T>(xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
/** 5 decimals ≈ 1 m: enough for invented points. Real points keep 6 decimals (≈ 0.1 m). */
const pt = (p: LngLat, digits = 5): LngLat => [round(p[0], digits), round(p[1], digits)];

/** An instant `minutes` after the scenario time (negative: before), in China Standard Time. */
function at(minutes: number): string {
  const ms = T0 + Math.round(minutes * 60) * 1000 + 8 * 3600_000;
  return new Date(ms).toISOString().slice(0, 19) + '+08:00';
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;
function distanceKm(a: LngLat, b: LngLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return (2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h))) / 1000;
}
/** A point `km` away from `p` on bearing `deg` (flat-earth approximation, fine for a few km). */
function offset(p: LngLat, km: number, deg: number): LngLat {
  const dy = (km * Math.cos(rad(deg))) / 111.32;
  const dx = (km * Math.sin(rad(deg))) / (111.32 * Math.cos(rad(p[1])));
  return [p[0] + dx, p[1] + dy];
}
const lerp = (a: LngLat, b: LngLat, f: number): LngLat => [
  a[0] + (b[0] - a[0]) * f,
  a[1] + (b[1] - a[1]) * f,
];

// ---------------------------------------------------------------------------------------------
// Real public facts, read from the map pack

interface City {
  adcode: string;
  name: string;
  centre: LngLat;
}
interface County {
  adcode: string;
  name: string;
  cityAdcode: string;
  cityName: string;
  label: LngLat;
  rings: LngLat[][];
}
interface Airport {
  icao: string;
  name: string;
  location: LngLat;
}
interface Geo {
  cities: Map<string, City>;
  counties: Map<string, County>;
  airports: Airport[];
  provinceRings: LngLat[][];
}

interface Feature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}
function readFeatures(file: string): Feature[] {
  const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: Feature[] };
  return fc.features;
}
function ringsOf(g: Feature['geometry']): LngLat[][] {
  if (g.type === 'Polygon') return g.coordinates as LngLat[][];
  if (g.type === 'MultiPolygon') return (g.coordinates as LngLat[][][]).flat();
  throw new Error(`unexpected geometry ${g.type}`);
}
/** Even-odd ray casting over all rings (outer rings and holes alike). */
function inside(p: LngLat, rings: LngLat[][]): boolean {
  let c = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [xi, yi] = r[i]!;
      const [xj, yj] = r[j]!;
      if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
    }
  }
  return c;
}

function readGeo(dir: string): Geo {
  const cities = new Map<string, City>();
  const airports: Airport[] = [];
  for (const f of readFeatures(path.join(dir, 'shanxi_points.geojson'))) {
    const p = f.properties;
    const coords = f.geometry.coordinates as LngLat;
    if (p.kind === 'city_centre') {
      cities.set(String(p.adcode), {
        adcode: String(p.adcode),
        name: String(p.name_zh),
        centre: pt(coords, 6),
      });
    } else if (p.kind === 'airport') {
      // Drop the editorial notes in brackets: "运城关公机场(张孝)" → "运城关公机场".
      const name = String(p.name_zh).replace(/[(（].*$/, '');
      airports.push({ icao: String(p.icao), name, location: pt(coords, 6) });
    }
  }
  const counties = new Map<string, County>();
  for (const f of readFeatures(path.join(dir, 'shanxi_district_tianditu2024.geojson'))) {
    const p = f.properties;
    counties.set(String(p.district_adcode), {
      adcode: String(p.district_adcode),
      name: String(p.district_name),
      cityAdcode: String(p.city_adcode),
      cityName: String(p.city_name),
      label: [Number(p.lon), Number(p.lat)],
      rings: ringsOf(f.geometry),
    });
  }
  const provinceRings = readFeatures(path.join(dir, 'shanxi_province_tianditu2024.geojson')).flatMap((f) =>
    ringsOf(f.geometry),
  );
  if (cities.size !== 11) throw new Error(`expected 11 city centres, found ${cities.size}`);
  if (airports.length !== 7) throw new Error(`expected 7 airports, found ${airports.length}`);
  if (counties.size !== 117) throw new Error(`expected 117 counties, found ${counties.size}`);
  return { cities, counties, airports, provinceRings };
}

// ---------------------------------------------------------------------------------------------
// Builders

function build(geo: Geo): ScenarioInput {
  const city = (adcode: string): City => {
    const c = geo.cities.get(adcode);
    if (!c) throw new Error(`no city ${adcode}`);
    return c;
  };
  const county = (adcode: string): County => {
    const c = geo.counties.get(adcode);
    if (!c) throw new Error(`no county ${adcode}`);
    return c;
  };
  /** "小店区" alone is ambiguous ("城区" exists twice): districts carry their city's name. */
  const fullName = (c: County) => (c.name.endsWith('区') ? c.cityName + c.name : c.name);
  const inProvince = (p: LngLat) => inside(p, geo.provinceRings);
  /** A random point within `km` of `p`, still inside the province. */
  const near = (p: LngLat, minKm: number, maxKm: number): LngLat => {
    for (let tries = 0; tries < 50; tries++) {
      const q = offset(p, between(minKm, maxKm), between(0, 360));
      if (inProvince(q)) return pt(q);
    }
    throw new Error(`no point near ${p.join(',')} inside Shanxi`);
  };
  const cityList = [...geo.cities.values()].sort((a, b) => a.adcode.localeCompare(b.adcode));
  const cityShort = (c: City) => c.name.replace(/市$/, '');

  // ----- incidents -------------------------------------------------------------------------
  interface IncidentPlan extends IncidentInput {
    location: LngLat;
  }
  const incidents: IncidentPlan[] = [
    {
      id: 'inc-20261129-001',
      title: '沁源县太岳山林区森林火灾',
      hazard: 'forest_fire',
      level: 'III',
      status: 'responding',
      location: [112.105, 36.585],
      countyAdcode: '140431',
      casualties: { dead: 0, injured: 1, missing: 0, trapped: 0 },
      affected: 320,
      reporter: { name: '李志刚', org: '太岳山林区某国有林场(演示)', phone: '139****0431' },
      description:
        '11月29日06时40分,沁源县西部太岳山林区发生森林火灾。过火面积约35公顷,火线长约2.5公里,' +
        '西北风4级,火势向东南方向蔓延,威胁山下2个自然村,已转移群众320人。1名扑火队员轻度烧伤。' +
        '需航空灭火与地面专业森林消防队伍协同扑救。',
      reportedAt: at(-80),
      updatedAt: at(-12),
      acknowledgedAt: at(-76),
      demo: true,
    },
    {
      id: 'inc-20261129-002',
      title: '黄河河津段凌汛壅水漫滩',
      hazard: 'flood',
      level: 'IV',
      status: 'verified',
      location: [110.62, 35.62],
      countyAdcode: '140882',
      casualties: { dead: 0, injured: 0, missing: 0, trapped: 0 },
      affected: 860,
      reporter: { name: '张海燕', org: '河津市应急管理局(演示)', phone: '135****0882' },
      description:
        '受上游流凌及局部河段封冻影响,黄河禹门口以下河津段水位持续上涨,部分滩区农田和养殖场进水。' +
        '需转移滩区群众约860人,请求调派防汛抢险队伍、冲锋舟和沙袋。',
      reportedAt: at(-150),
      updatedAt: at(-40),
      acknowledgedAt: at(-145),
      demo: true,
    },
    {
      id: 'inc-20261129-003',
      title: '长治市屯留区某煤矿透水事故',
      hazard: 'mine_accident',
      level: 'II',
      status: 'responding',
      location: [112.8, 36.38],
      countyAdcode: '140405',
      casualties: { dead: 0, injured: 2, missing: 0, trapped: 9 },
      affected: 0,
      reporter: { name: '赵永强', org: '某煤业公司调度室(演示)', phone: '137****0405' },
      description:
        '11月29日05时12分,屯留区某煤矿井下采区发生透水。当班入井87人,已升井78人,9人被困井下,' +
        '2人受伤送医。矿山救护队已入井侦察,正组织强排水。',
      reportedAt: at(-168),
      updatedAt: at(-8),
      acknowledgedAt: at(-165),
      demo: true,
    },
    {
      id: 'inc-20261129-004',
      title: '孝义市某焦化企业粗苯储罐泄漏',
      hazard: 'hazmat',
      level: 'III',
      status: 'responding',
      location: [111.76, 37.1],
      countyAdcode: '141181',
      casualties: { dead: 0, injured: 3, missing: 0, trapped: 0 },
      affected: 1500,
      reporter: { name: '孙丽华', org: '孝义市应急管理局(演示)', phone: '138****1181' },
      description:
        '储罐区一粗苯储罐底部阀门法兰泄漏,围堰内形成约200平方米液池,现场可燃气体检测报警。' +
        '3名员工吸入性不适送医。下风向1公里内疏散群众约1500人,需危化品专业队伍堵漏、泡沫覆盖。',
      reportedAt: at(-95),
      updatedAt: at(-5),
      acknowledgedAt: at(-92),
      demo: true,
    },
    {
      id: 'inc-20261129-005',
      title: '吕梁市离石区黄土边坡滑坡',
      hazard: 'landslide',
      level: 'IV',
      status: 'reported',
      location: [111.2, 37.55],
      countyAdcode: '141102',
      casualties: { dead: 0, injured: 0, missing: 0, trapped: 1 },
      affected: 36,
      reporter: { name: '刘保平', org: '离石区某村村委会(演示)', phone: '150****1102' },
      description:
        '11月29日07时35分,离石区某村后山黄土边坡发生滑坡,约2万立方米土方冲毁2户民房,' +
        '初步了解1人可能被埋。坡体后缘仍有裂缝,需地质灾害专业队伍评估。',
      reportedAt: at(-18),
      updatedAt: at(-18),
      // The one incident nobody has acknowledged yet: the map keeps pulsing it.
      acknowledgedAt: null,
      demo: true,
    },
    {
      id: 'inc-20261129-006',
      title: '大同市云州区高速公路降雪结冰多车追尾',
      hazard: 'snow_ice',
      level: 'IV',
      status: 'verified',
      location: [113.55, 40.02],
      countyAdcode: '140215',
      casualties: { dead: 1, injured: 6, missing: 0, trapped: 2 },
      affected: 600,
      reporter: { name: '周建军', org: '高速交警某大队(演示)', phone: '186****0215' },
      description:
        '夜间降雪致路面结冰,云州区境内高速公路发生12车连环追尾,2人被困车内,1人死亡、6人受伤。' +
        '双向滞留车辆约300辆、人员约600人,需破拆救援、医疗救护和防寒物资。',
      reportedAt: at(-55),
      updatedAt: at(-20),
      acknowledgedAt: at(-52),
      demo: true,
    },
    {
      id: 'inc-20261129-007',
      title: '临汾市洪洞县4.3级地震',
      hazard: 'earthquake',
      level: 'IV',
      status: 'verified',
      location: [111.68, 36.3],
      countyAdcode: '141024',
      casualties: { dead: 0, injured: 3, missing: 0, trapped: 0 },
      affected: 2300,
      reporter: { name: '郭晓明', org: '山西省地震局监测中心(演示)', phone: '0351-****000' },
      description:
        '11月29日06时58分,洪洞县发生4.3级地震(演示数据),震源深度约10公里,位于临汾盆地(汾渭地堑)。' +
        '震中附近部分老旧土坯房出现裂缝,3人轻伤,约2300人需临时安置。',
      reportedAt: at(-60),
      updatedAt: at(-30),
      acknowledgedAt: at(-58),
      demo: true,
    },
  ];
  for (const inc of incidents) {
    const c = county(inc.countyAdcode ?? '');
    if (!inside(inc.location, c.rings)) throw new Error(`${inc.id} is not inside ${c.name}`);
  }
  const incidentById = new Map(incidents.map((i) => [i.id, i]));

  // ----- rescue units ----------------------------------------------------------------------
  interface UnitPlan {
    id: string;
    name: string;
    kind: UnitKind;
    capabilities: Capability[];
    headcount: number;
    vehicles: number;
    org: string;
    home: { name: string; location: LngLat };
    cityAdcode: string;
  }
  const plans: UnitPlan[] = [];
  const add = (u: UnitPlan) => {
    if (!inProvince(u.home.location)) throw new Error(`${u.id} home is outside Shanxi`);
    plans.push(u);
  };
  const PROVINCIAL_FIRE = '山西省消防救援总队';

  // Fire-rescue detachments (支队) in all 11 cities, at the city centre: the special-duty battalion
  // and the logistics battalion of each.
  for (const c of cityList) {
    add({
      id: `unit-fire-det-${c.adcode}`,
      name: `${c.name}消防救援支队特勤大队`,
      kind: 'fire_rescue',
      capabilities: [
        'firefighting',
        'search_rescue',
        'rope_rescue',
        'structural_collapse',
        'water_rescue',
        'hazmat',
      ],
      headcount: intBetween(55, 90),
      vehicles: intBetween(12, 20),
      org: PROVINCIAL_FIRE,
      home: { name: `${c.name}消防救援支队`, location: c.centre },
      cityAdcode: c.adcode,
    });
  }
  for (const c of cityList) {
    add({
      id: `unit-fire-log-${c.adcode}`,
      name: `${c.name}消防救援支队战勤保障大队`,
      kind: 'fire_rescue',
      capabilities: ['logistics', 'heavy_machinery', 'firefighting'],
      headcount: intBetween(25, 40),
      vehicles: intBetween(8, 14),
      org: PROVINCIAL_FIRE,
      home: { name: `${c.name}战勤保障基地`, location: near(c.centre, 3, 8) },
      cityAdcode: c.adcode,
    });
  }

  // Fire-rescue stations (消防救援站) in a sample of counties, at the county label point. The
  // incident counties are always in the sample so each incident has a station nearby.
  const incidentCounties = incidents.map((i) => i.countyAdcode ?? '');
  const otherCounties = [...geo.counties.keys()].filter((a) => !incidentCounties.includes(a)).sort();
  const stationCounties = [...incidentCounties, ...shuffled(otherCounties).slice(0, 25)].sort();
  for (const a of stationCounties) {
    const c = county(a);
    add({
      id: `unit-fire-stn-${a}`,
      name: `${fullName(c)}消防救援站`,
      kind: 'fire_rescue',
      capabilities:
        rand() < 0.4
          ? ['firefighting', 'search_rescue', 'rope_rescue', 'water_rescue']
          : ['firefighting', 'search_rescue', 'rope_rescue'],
      headcount: intBetween(18, 35),
      vehicles: intBetween(4, 8),
      org: `${c.cityName}消防救援支队`,
      home: { name: `${fullName(c)}消防救援站`, location: c.label },
      cityAdcode: c.cityAdcode,
    });
  }

  // Regional mine-rescue teams in the coal regions (plan: around the national mine-rescue teams and
  // the big coal companies), with a few squadrons (中队) near the mines.
  const mineTeams: [string, string][] = [
    ['140214', '大同'],
    ['140603', '朔州'],
    ['140925', '宁武'],
    ['140303', '阳泉'],
    ['140181', '西山(古交)'],
    ['140781', '介休'],
    ['140405', '长治'],
    ['140525', '晋城'],
    ['141082', '霍州'],
    ['141125', '柳林'],
  ];
  for (const [a, region] of mineTeams) {
    const c = county(a);
    add({
      id: `unit-mine-${a}`,
      name: `${region}区域矿山应急救援队`,
      kind: 'mine_rescue',
      capabilities: ['mine_rescue', 'search_rescue', 'rope_rescue', 'hazmat', 'medical'],
      headcount: intBetween(60, 110),
      vehicles: intBetween(8, 14),
      org: '山西省应急管理厅',
      home: { name: `${region}矿山救援基地`, location: near(c.label, 2, 6) },
      cityAdcode: c.cityAdcode,
    });
  }
  const mineSquads: [string, string][] = [
    ['140423', '襄垣'],
    ['140521', '沁水'],
    ['140729', '灵石'],
    ['141024', '洪洞'],
    ['140681', '怀仁'],
    ['141129', '中阳'],
  ];
  for (const [a, place] of mineSquads) {
    const c = county(a);
    add({
      id: `unit-mine-sq-${a}`,
      name: `${place}矿山救护中队`,
      kind: 'mine_rescue',
      capabilities: ['mine_rescue', 'search_rescue', 'heavy_machinery'],
      headcount: intBetween(18, 32),
      vehicles: intBetween(3, 6),
      org: `${c.cityName}应急管理局`,
      home: { name: `${place}矿山救护中队驻地`, location: near(c.label, 1, 5) },
      cityAdcode: c.cityAdcode,
    });
  }

  // Provincial hazmat bases: north, centre, south, south-east (the plan's four regions), plus two
  // chemical-park teams.
  const hazmatBases: [string, string, string][] = [
    ['140214', '北部', '大同'],
    ['140121', '中部', '清徐'],
    ['140802', '南部', '运城'],
    ['140406', '东南部', '长治'],
  ];
  for (const [a, region, place] of hazmatBases) {
    const c = county(a);
    add({
      id: `unit-hazmat-base-${a}`,
      name: `省级危险化学品应急救援基地(${region}·${place})`,
      kind: 'hazmat',
      capabilities: ['hazmat', 'firefighting', 'search_rescue', 'medical'],
      headcount: intBetween(50, 80),
      vehicles: intBetween(10, 16),
      org: '山西省应急管理厅',
      home: { name: `${place}化工园区危化品救援基地`, location: near(c.label, 3, 8) },
      cityAdcode: c.cityAdcode,
    });
  }
  for (const [a, place] of [
    ['141181', '孝义'],
    ['140406', '潞城'],
  ] as const) {
    const c = county(a);
    add({
      id: `unit-hazmat-park-${a}`,
      name: `${place}化工园区危化品应急救援队`,
      kind: 'hazmat',
      capabilities: ['hazmat', 'firefighting'],
      headcount: intBetween(20, 30),
      vehicles: intBetween(4, 6),
      org: `${place}化工园区管委会`,
      home: { name: `${place}化工园区消防站`, location: near(c.label, 2, 5) },
      cityAdcode: c.cityAdcode,
    });
  }

  // Professional forest-fire teams near the key forest areas.
  const forestTeams: [string, string][] = [
    ['140431', '太岳山(沁源)'],
    ['141026', '太岳山(安泽)'],
    ['140827', '中条山(垣曲)'],
    ['140826', '中条山(绛县)'],
    ['140522', '中条山(阳城)'],
    ['141122', '关帝山(交城)'],
    ['141128', '吕梁山(方山)'],
    ['140922', '五台山(五台)'],
    ['140924', '五台山(繁峙)'],
    ['140722', '太行山(左权)'],
    ['140524', '太行山(陵川)'],
    ['140925', '管涔山(宁武)'],
  ];
  for (const [a, area] of forestTeams) {
    const c = county(a);
    add({
      id: `unit-forest-${a}`,
      name: `${area}专业森林消防队`,
      kind: 'forest_fire',
      capabilities: ['wildfire', 'search_rescue', 'logistics'],
      headcount: intBetween(30, 60),
      vehicles: intBetween(4, 9),
      org: '山西省林业和草原局',
      home: { name: `${area}森林消防营房`, location: near(c.label, 4, 12) },
      cityAdcode: c.cityAdcode,
    });
  }

  // Flood teams in counties along the Yellow River (黄河) and the Fen River (汾河).
  const yellowRiver = [
    '140930',
    '140931',
    '141123',
    '141124',
    '141125',
    '141032',
    '141028',
    '140882',
    '140821',
    '140881',
    '140830',
    '140829',
  ];
  const fenRiver = ['140926', '140181', '140105', '140727', '140728', '141082', '141002', '141023', '140825'];
  for (const [river, list] of [
    ['黄河', yellowRiver],
    ['汾河', fenRiver],
  ] as const) {
    for (const a of list) {
      const c = county(a);
      add({
        id: `unit-flood-${a}`,
        name: `${fullName(c)}防汛抢险队(${river})`,
        kind: 'flood',
        capabilities: ['water_rescue', 'search_rescue', 'heavy_machinery', 'logistics'],
        headcount: intBetween(25, 60),
        vehicles: intBetween(4, 10),
        org: `${fullName(c)}应急管理局`,
        home: { name: `${fullName(c)}防汛物资仓库`, location: near(c.label, 1, 4) },
        cityAdcode: c.cityAdcode,
      });
    }
  }

  // Earthquake and geological-hazard teams: the Fenwei graben basins (Taiyuan, Linfen, Yuncheng,
  // Xinding, Datong) and the loess landslide areas.
  const quakeTeams: [string, string, 'quake' | 'geo'][] = [
    ['140105', '山西省地震灾害紧急救援队', 'quake'],
    ['141002', '临汾市地震灾害紧急救援队', 'quake'],
    ['140802', '运城市地震灾害紧急救援队', 'quake'],
    ['140902', '忻州市地震灾害紧急救援队', 'quake'],
    ['140213', '大同市地震灾害紧急救援队', 'quake'],
    ['141102', '吕梁市地质灾害应急救援队', 'geo'],
    ['141028', '临汾市地质灾害应急救援队(吉县)', 'geo'],
    ['140403', '长治市地质灾害应急救援队', 'geo'],
  ];
  for (const [a, name, type] of quakeTeams) {
    const c = county(a);
    add({
      id: `unit-${type}-${a}`,
      name,
      kind: 'earthquake_geo',
      capabilities:
        type === 'quake'
          ? ['structural_collapse', 'search_rescue', 'rope_rescue', 'heavy_machinery', 'medical']
          : ['search_rescue', 'heavy_machinery', 'reconnaissance', 'rope_rescue'],
      headcount: a === '140105' ? 160 : intBetween(30, 70),
      vehicles: intBetween(5, 14),
      org: type === 'quake' ? '山西省地震局' : '山西省自然资源厅',
      home: { name: `${name}驻地`, location: near(c.label, 1, 4) },
      cityAdcode: c.cityAdcode,
    });
  }

  // Medical: an emergency medical team at a hospital in every city, plus two provincial teams.
  for (const c of cityList) {
    add({
      id: `unit-med-${c.adcode}`,
      name: `${c.name}人民医院紧急医学救援队`,
      kind: 'medical',
      capabilities: ['medical'],
      headcount: intBetween(15, 35),
      vehicles: intBetween(3, 8),
      org: `${c.name}卫生健康委员会`,
      home: { name: `${c.name}人民医院`, location: near(c.centre, 1, 4) },
      cityAdcode: c.adcode,
    });
  }
  const taiyuan = city('140100');
  for (const [id, name] of [
    ['unit-med-prov-1', '山西省紧急医学救援队(综合)'],
    ['unit-med-prov-2', '山西省紧急医学救援队(烧伤与中毒)'],
  ] as const) {
    add({
      id,
      name,
      kind: 'medical',
      capabilities: ['medical', 'logistics'],
      headcount: intBetween(30, 50),
      vehicles: intBetween(6, 10),
      org: '山西省卫生健康委员会',
      home: { name: '省级紧急医学救援基地', location: near(taiyuan.centre, 2, 6) },
      cityAdcode: taiyuan.adcode,
    });
  }

  // Utilities: power and gas emergency repair.
  for (const a of ['140100', '140200', '140400', '140800', '141000', '141100']) {
    const c = city(a);
    add({
      id: `unit-power-${a}`,
      name: `国网${cityShort(c)}供电公司应急抢修队`,
      kind: 'utilities',
      capabilities: ['power_restore', 'heavy_machinery', 'logistics'],
      headcount: intBetween(20, 50),
      vehicles: intBetween(6, 15),
      org: '电网企业(演示)',
      home: { name: `${cityShort(c)}供电应急基地`, location: near(c.centre, 2, 7) },
      cityAdcode: c.adcode,
    });
  }
  for (const a of ['140100', '140700']) {
    const c = city(a);
    add({
      id: `unit-gas-${a}`,
      name: `${cityShort(c)}燃气应急抢修队`,
      kind: 'utilities',
      capabilities: ['hazmat', 'heavy_machinery'],
      headcount: intBetween(15, 30),
      vehicles: intBetween(4, 8),
      org: '城市燃气企业(演示)',
      home: { name: `${cityShort(c)}燃气调度中心`, location: near(c.centre, 2, 6) },
      cityAdcode: c.adcode,
    });
  }

  // Social forces (社会应急力量).
  for (const a of ['140100', '140200', '140400', '140800', '141100', '140900', '141000']) {
    const c = city(a);
    add({
      id: `unit-social-${a}`,
      name: `${cityShort(c)}蓝天救援队`,
      kind: 'social',
      capabilities: ['search_rescue', 'water_rescue', 'rope_rescue', 'medical'],
      headcount: intBetween(20, 60),
      vehicles: intBetween(2, 6),
      org: '社会应急力量(演示)',
      home: { name: `${cityShort(c)}蓝天救援队基地`, location: near(c.centre, 2, 8) },
      cityAdcode: c.adcode,
    });
  }

  // ----- what is moving: on scene, en route, returning, out of service, stale fixes ---------
  interface Tasking {
    unitId: string;
    incidentId: string;
    status: Extract<UnitStatus, 'on_scene' | 'en_route' | 'dispatched'>;
    note: string;
  }
  const taskings: Tasking[] = [
    {
      unitId: 'unit-forest-140431',
      incidentId: 'inc-20261129-001',
      status: 'on_scene',
      note: '主攻东南侧火线',
    },
    {
      unitId: 'unit-fire-stn-140431',
      incidentId: 'inc-20261129-001',
      status: 'on_scene',
      note: '村庄外围防护',
    },
    {
      unitId: 'unit-forest-141026',
      incidentId: 'inc-20261129-001',
      status: 'en_route',
      note: '增援北侧火线',
    },
    { unitId: 'unit-mine-140405', incidentId: 'inc-20261129-003', status: 'on_scene', note: '入井侦察搜救' },
    {
      unitId: 'unit-mine-sq-140423',
      incidentId: 'inc-20261129-003',
      status: 'on_scene',
      note: '井口待命轮换',
    },
    {
      unitId: 'unit-fire-stn-140405',
      incidentId: 'inc-20261129-003',
      status: 'on_scene',
      note: '地面保障与排水',
    },
    { unitId: 'unit-med-140400', incidentId: 'inc-20261129-003', status: 'on_scene', note: '伤员救治' },
    {
      unitId: 'unit-mine-140525',
      incidentId: 'inc-20261129-003',
      status: 'en_route',
      note: '增援排水与搜救',
    },
    {
      unitId: 'unit-power-140400',
      incidentId: 'inc-20261129-003',
      status: 'dispatched',
      note: '保障排水设备供电',
    },
    {
      unitId: 'unit-hazmat-park-141181',
      incidentId: 'inc-20261129-004',
      status: 'on_scene',
      note: '堵漏、泡沫覆盖',
    },
    {
      unitId: 'unit-fire-stn-141181',
      incidentId: 'inc-20261129-004',
      status: 'on_scene',
      note: '冷却邻近储罐',
    },
    {
      unitId: 'unit-fire-det-141100',
      incidentId: 'inc-20261129-004',
      status: 'en_route',
      note: '增援警戒与侦检',
    },
    {
      unitId: 'unit-hazmat-base-140121',
      incidentId: 'inc-20261129-004',
      status: 'en_route',
      note: '增援堵漏与洗消',
    },
  ];
  const taskingByUnit = new Map(taskings.map((t) => [t.unitId, t]));
  const planById = new Map(plans.map((u) => [u.id, u]));
  const GROUND_KMH = 60;
  const CIRCUITY = 1.3;
  const MOBILISE_MIN = 10;
  /** Demo ground ETA (DESIGN.md §3): great-circle × circuity ÷ speed + mobilisation. */
  const groundEta = (from: LngLat, to: LngLat) =>
    Math.round((distanceKm(from, to) * CIRCUITY * 60) / GROUND_KMH + MOBILISE_MIN);
  /**
   * When each tasking was proposed and accepted (minutes relative to the scenario time), chosen so
   * that the unit's status agrees with its ETA: on scene means it has had time to arrive, en route
   * means it has not, dispatched means it was ordered moments ago.
   */
  interface Timing {
    proposedMin: number;
    decidedMin: number;
    eta: number;
  }
  const timing = new Map<string, Timing>();
  for (const t of taskings) {
    const u = planById.get(t.unitId);
    const inc = incidentById.get(t.incidentId);
    if (!u || !inc) throw new Error(`tasking ${t.unitId} → ${t.incidentId} names an unknown record`);
    const eta = groundEta(u.home.location, inc.location);
    const ackMin = (Date.parse(inc.acknowledgedAt ?? inc.reportedAt) - T0) / 60_000;
    let proposedMin: number;
    if (t.status === 'on_scene') proposedMin = ackMin + between(2, 10);
    else if (t.status === 'en_route') proposedMin = Math.max(ackMin + 2, -eta * between(0.35, 0.7));
    else proposedMin = -between(3, 8);
    const decidedMin = proposedMin + between(0.2, 2);
    const arrivesMin = decidedMin + eta;
    if (t.status === 'on_scene' && arrivesMin > -5)
      throw new Error(`${t.unitId} cannot be on scene yet (ETA ${eta} min)`);
    if (t.status === 'en_route' && arrivesMin <= 0) throw new Error(`${t.unitId} would have arrived already`);
    timing.set(t.unitId, { proposedMin, decidedMin, eta });
  }
  // The Hejin flood team has a proposal pending (see the assignments below): keep it available.
  const PENDING_UNIT = 'unit-flood-140882';
  const free = plans.filter((u) => !taskingByUnit.has(u.id) && u.id !== PENDING_UNIT).map((u) => u.id);
  const order = shuffled(free);
  const outOfService = new Set(order.slice(0, 7));
  const returning = new Set(order.slice(7, 10));
  // Old fixes (hours to days): a tracker that stopped reporting. The UI must show the age.
  const staleAgesMin = [95, 180, 300, 460, 26 * 60, 3 * 24 * 60, 6 * 24 * 60, 50];
  const stale = new Map(order.slice(10, 10 + staleAgesMin.length).map((id, k) => [id, staleAgesMin[k]!]));

  const units: RescueUnitInput[] = plans.map((u) => {
    const t = taskingByUnit.get(u.id);
    let status: UnitStatus = 'available';
    let position: LngLat = u.home.location;
    let fixAgeMin = between(0.5, 12);
    if (t) {
      const inc = incidentById.get(t.incidentId)!;
      status = t.status;
      const { decidedMin, eta } = timing.get(u.id)!;
      if (t.status === 'on_scene') position = near(inc.location, 0.2, 1.5);
      // Straight-line progress stands in for the road; a router would replace both.
      else if (t.status === 'en_route') position = pt(lerp(u.home.location, inc.location, -decidedMin / eta));
      fixAgeMin = between(0.2, 3);
    } else if (outOfService.has(u.id)) {
      status = 'out_of_service';
      fixAgeMin = between(20, 240);
    } else if (returning.has(u.id)) {
      status = 'returning';
      position = near(u.home.location, 5, 20);
      fixAgeMin = between(0.2, 3);
    } else if (stale.has(u.id)) {
      fixAgeMin = stale.get(u.id)!;
    }
    return {
      id: u.id,
      name: u.name,
      kind: u.kind,
      capabilities: u.capabilities,
      headcount: u.headcount,
      vehicles: u.vehicles,
      status,
      homeBase: { name: u.home.name, location: pt(u.home.location, 6) },
      position: pt(position, 6),
      positionFixAt: at(-fixAgeMin),
      cityAdcode: u.cityAdcode,
      org: u.org,
      demo: true,
    };
  });

  // ----- aviation --------------------------------------------------------------------------
  type Model = Omit<AircraftInput, 'id' | 'callsign' | 'status' | 'demo' | 'launchMinutes'> & {
    launch: [number, number];
  };
  const MODELS = {
    AC313: {
      model: 'AC313',
      category: 'helicopter',
      cruiseSpeedKmh: 255,
      approachMinutes: 5,
      rangeKm: 900,
      payloadKg: 4000,
      bucketLitres: 3000,
      capabilities: ['aerial_firefighting', 'aerial_rescue', 'airlift'],
      launch: [12, 20],
    },
    KA32: {
      model: 'Ka-32A11BC',
      category: 'helicopter',
      cruiseSpeedKmh: 230,
      approachMinutes: 5,
      rangeKm: 650,
      payloadKg: 5000,
      bucketLitres: 3000,
      capabilities: ['aerial_firefighting', 'aerial_rescue', 'airlift'],
      launch: [10, 18],
    },
    MI171: {
      model: 'Mi-171',
      category: 'helicopter',
      cruiseSpeedKmh: 230,
      approachMinutes: 6,
      rangeKm: 620,
      payloadKg: 4000,
      bucketLitres: 3000,
      capabilities: ['aerial_firefighting', 'aerial_rescue', 'airlift'],
      launch: [15, 20],
    },
    B407: {
      model: 'Bell 407',
      category: 'helicopter',
      cruiseSpeedKmh: 230,
      approachMinutes: 4,
      rangeKm: 600,
      payloadKg: 1100,
      bucketLitres: 900,
      capabilities: ['aerial_firefighting', 'reconnaissance', 'aerial_rescue'],
      launch: [10, 15],
    },
    H125: {
      model: 'H125',
      category: 'helicopter',
      cruiseSpeedKmh: 235,
      approachMinutes: 4,
      rangeKm: 620,
      payloadKg: 1100,
      bucketLitres: 900,
      capabilities: ['aerial_firefighting', 'reconnaissance', 'aerial_rescue'],
      launch: [10, 15],
    },
    H135: {
      model: 'H135(医疗构型)',
      category: 'helicopter',
      cruiseSpeedKmh: 250,
      approachMinutes: 5,
      rangeKm: 620,
      payloadKg: 1200,
      bucketLitres: 0,
      capabilities: ['medical', 'aerial_rescue'],
      launch: [10, 15],
    },
    Y5B: {
      model: 'Y-5B',
      category: 'fixed_wing',
      cruiseSpeedKmh: 180,
      approachMinutes: 5,
      rangeKm: 850,
      payloadKg: 1500,
      bucketLitres: 0,
      capabilities: ['reconnaissance', 'airlift'],
      launch: [20, 30],
    },
    Y12: {
      model: 'Y-12',
      category: 'fixed_wing',
      cruiseSpeedKmh: 250,
      approachMinutes: 8,
      rangeKm: 1300,
      payloadKg: 1700,
      bucketLitres: 0,
      capabilities: ['reconnaissance', 'airlift'],
      launch: [20, 30],
    },
    WL2H: {
      model: '翼龙-2H(应急型)',
      category: 'uav',
      // A MALE drone: about 150 km/h cruise (published maximum about 370 km/h); not 300.
      cruiseSpeedKmh: 150,
      approachMinutes: 10,
      rangeKm: 3000,
      payloadKg: 200,
      bucketLitres: 0,
      capabilities: ['reconnaissance'],
      launch: [30, 45],
    },
    M350: {
      model: 'M350 RTK(多旋翼)',
      category: 'uav',
      cruiseSpeedKmh: 60,
      approachMinutes: 2,
      rangeKm: 30,
      payloadKg: 3,
      bucketLitres: 0,
      capabilities: ['reconnaissance'],
      launch: [5, 10],
    },
  } satisfies Record<string, Model>;
  type ModelKey = keyof typeof MODELS;
  type Fleet = (ModelKey | [ModelKey, 'committed' | 'maintenance'])[];

  const airportFleets: Record<string, Fleet> = {
    ZBYN: ['AC313', 'H135', 'Y12', 'WL2H'],
    ZBDT: ['B407', 'H135'],
    ZBCZ: ['AC313', 'Y5B'],
    ZBYC: ['KA32', 'H125'],
    ZBLL: ['H125', 'M350'],
    ZBLF: ['B407', ['Y5B', 'maintenance']],
    ZBXZ: ['H135'],
  };
  interface StationPlan {
    id: string;
    name: string;
    kind: 'forest_aviation' | 'general_aviation';
    location: LngLat;
    fleet: Fleet;
  }
  const stations: StationPlan[] = [
    {
      id: 'base-fa-yangqu',
      name: '山西省航空护林站(阳曲)',
      kind: 'forest_aviation',
      location: [112.6, 38.1],
      fleet: ['MI171', 'Y5B'],
    },
    {
      id: 'base-fa-qinyuan',
      name: '太岳山(沁源)航空护林站',
      kind: 'forest_aviation',
      location: [112.3, 36.55],
      fleet: [['KA32', 'committed'], ['H125', 'committed'], 'M350'],
    },
    {
      id: 'base-fa-yuanqu',
      name: '中条山(垣曲)航空护林站',
      kind: 'forest_aviation',
      location: [111.7, 35.27],
      fleet: ['AC313', 'B407'],
    },
    {
      id: 'base-fa-jiaocheng',
      name: '关帝山(交城)航空护林站',
      kind: 'forest_aviation',
      location: [111.65, 37.8],
      fleet: ['H125', 'Y5B'],
    },
    {
      id: 'base-fa-wutai',
      name: '五台山航空护林站',
      kind: 'forest_aviation',
      location: [113.45, 38.85],
      fleet: [['KA32', 'maintenance'], 'H125'],
    },
    {
      id: 'base-ga-lingchuan',
      name: '太行山(陵川)通用航空应急救援站',
      kind: 'general_aviation',
      location: [113.3, 35.75],
      fleet: ['B407', 'H125'],
    },
  ];
  let callsignNo = 0;
  const fleetOf = (baseId: string, fleet: Fleet): AircraftInput[] =>
    fleet.map((entry, k) => {
      const [key, status] = typeof entry === 'string' ? [entry, 'available' as const] : entry;
      const { launch, ...m } = MODELS[key];
      callsignNo++;
      const prefix = m.category === 'helicopter' ? 'H' : m.category === 'fixed_wing' ? 'F' : 'U';
      return {
        id: `${baseId}-ac${k + 1}`,
        callsign: `晋应-${prefix}${String(callsignNo).padStart(2, '0')}`,
        ...m,
        launchMinutes: intBetween(launch[0], launch[1]),
        status,
        demo: true,
      };
    });
  const bases: AviationBaseInput[] = [
    ...geo.airports.map((a) => ({
      id: `base-${a.icao}`,
      name: a.name,
      kind: 'civil_airport' as const,
      icao: a.icao,
      location: a.location,
      aircraft: fleetOf(`base-${a.icao}`, airportFleets[a.icao] ?? []),
      // The airport itself is real (name, ICAO, position); its aircraft are invented and marked.
      demo: false,
    })),
    ...stations.map((s) => {
      if (!inProvince(s.location)) throw new Error(`${s.id} is outside Shanxi`);
      return {
        id: s.id,
        name: s.name,
        kind: s.kind,
        icao: null,
        location: pt(s.location),
        aircraft: fleetOf(s.id, s.fleet),
        demo: true,
      };
    }),
  ];
  for (const a of geo.airports) {
    if (!airportFleets[a.icao]) throw new Error(`no fleet for airport ${a.icao}`);
  }

  // ----- assignments ------------------------------------------------------------------------
  const assignments: AssignmentInput[] = [];
  for (const t of taskings) {
    const { proposedMin, decidedMin, eta } = timing.get(t.unitId)!;
    assignments.push({
      id: `asg-${String(assignments.length + 1).padStart(3, '0')}`,
      incidentId: t.incidentId,
      resourceKind: 'unit',
      resourceId: t.unitId,
      status: 'accepted',
      etaMinutes: eta,
      note: t.note,
      proposedBy: '省应急指挥中心值班员',
      proposedAt: at(proposedMin),
      decidedAt: at(decidedMin),
      rejectionReason: null,
    });
  }
  for (const b of bases) {
    for (const ac of b.aircraft ?? []) {
      if (ac.status !== 'committed') continue;
      const inc = incidentById.get('inc-20261129-001')!;
      const eta = Math.round(
        ac.launchMinutes +
          (distanceKm(b.location, inc.location) / ac.cruiseSpeedKmh) * 60 +
          (ac.approachMinutes ?? 5),
      );
      const proposedMin = -70 + between(0, 5);
      assignments.push({
        id: `asg-${String(assignments.length + 1).padStart(3, '0')}`,
        incidentId: inc.id,
        resourceKind: 'aircraft',
        resourceId: ac.id,
        status: 'accepted',
        etaMinutes: eta,
        note: ac.bucketLitres ? '吊桶洒水灭火' : '火场侦察',
        proposedBy: '省应急指挥中心值班员',
        proposedAt: at(proposedMin),
        decidedAt: at(proposedMin + between(0.2, 2)),
        rejectionReason: null,
      });
    }
  }
  // One proposal still waiting for the hub: the flood team for the Hejin ice flood.
  {
    const u = planById.get(PENDING_UNIT)!;
    const inc = incidentById.get('inc-20261129-002')!;
    assignments.push({
      id: `asg-${String(assignments.length + 1).padStart(3, '0')}`,
      incidentId: inc.id,
      resourceKind: 'unit',
      resourceId: u.id,
      status: 'proposed',
      etaMinutes: groundEta(u.home.location, inc.location),
      note: '转移滩区群众、加固堤段',
      proposedBy: '运城市应急指挥中心值班员',
      proposedAt: at(-3),
      decidedAt: null,
      rejectionReason: null,
    });
  }

  // ----- supply depots ---------------------------------------------------------------------
  /** Province-level holdings; cities hold about a tenth, counties about a fiftieth. */
  const PROVINCE_STOCK: [SupplyItem, number, string][] = [
    ['tent', 6000, '顶'],
    ['quilt', 40000, '床'],
    ['cotton_coat', 25000, '件'],
    ['folding_bed', 10000, '张'],
    ['drinking_water', 20000, '箱'],
    ['instant_food', 15000, '箱'],
    ['generator', 200, '台'],
    ['lighting', 600, '套'],
    ['sandbag', 300000, '条'],
    ['life_jacket', 8000, '件'],
    ['pump', 150, '台'],
    ['medical_kit', 3000, '个'],
  ];
  const stockFor = (scale: number, items: readonly SupplyItem[]): z.input<typeof StockItem>[] =>
    PROVINCE_STOCK.filter(([item]) => items.includes(item)).map(([item, base, unit]) => {
      const target = Math.max(2, Math.round(base * scale));
      return {
        item,
        quantity: Math.round(target * between(0.75, 1.4)),
        unit,
        minimum: Math.max(1, Math.round(target * 0.6)),
      };
    });
  const ALL_ITEMS = PROVINCE_STOCK.map(([i]) => i);
  const depots: SupplyDepotInput[] = [];
  depots.push({
    id: 'depot-prov-140000',
    name: '山西省应急救灾物资储备库(太原)',
    level: 'province',
    adcode: '140000',
    location: near(taiyuan.centre, 6, 12),
    stock: stockFor(1, ALL_ITEMS),
    demo: true,
  });
  for (const c of cityList) {
    depots.push({
      id: `depot-city-${c.adcode}`,
      name: `${c.name}应急物资储备库`,
      level: 'city',
      adcode: c.adcode,
      location: near(c.centre, 3, 8),
      stock: stockFor(0.1, ALL_ITEMS),
      demo: true,
    });
  }
  const depotCounties = [
    '140431',
    '140882',
    '140405',
    '141181',
    '141102',
    '141024',
    '140215',
    '140925',
    '140922',
    '140827',
    '140881',
    '141123',
    '140722',
    '140524',
    '140224',
  ];
  const COUNTY_ITEMS: SupplyItem[] = [
    'tent',
    'quilt',
    'cotton_coat',
    'folding_bed',
    'drinking_water',
    'instant_food',
    'generator',
    'lighting',
    'sandbag',
    'life_jacket',
    'medical_kit',
  ];
  for (const a of [...depotCounties].sort()) {
    const c = county(a);
    depots.push({
      id: `depot-county-${a}`,
      name: `${fullName(c)}应急物资储备库`,
      level: 'county',
      adcode: a,
      location: near(c.label, 1, 3),
      stock: stockFor(0.02, COUNTY_ITEMS),
      demo: true,
    });
  }
  // Stock warnings: depots drawn down by today's incidents.
  const drawDown = (depotId: string, item: SupplyItem, fraction: number) => {
    const s = depots.find((d) => d.id === depotId)?.stock?.find((x) => x.item === item);
    if (!s) throw new Error(`no ${item} in ${depotId}`);
    s.quantity = Math.floor((s.minimum ?? 0) * fraction);
  };
  drawDown('depot-county-140431', 'drinking_water', 0.4);
  drawDown('depot-county-140882', 'sandbag', 0.3);
  drawDown('depot-county-140882', 'life_jacket', 0.5);
  drawDown('depot-city-140200', 'cotton_coat', 0.7);

  // ----- the scenario ----------------------------------------------------------------------
  return {
    schemaVersion: SCENARIO_SCHEMA_VERSION,
    name: '山西省应急指挥演示场景(2026-11-29 08:00)',
    description: [
      `演示场景,场景时间 ${SCENARIO_TIME}。不得用于实际指挥调度。`,
      '真实公开数据:7个民用机场的名称、ICAO代码和坐标(OurAirports,公有领域);11个地级市中心坐标(GeoNames,CC BY 4.0);' +
        '117个县级行政区划的代码、名称和标注点(天地图2024,GB/T 2260)。临汾、忻州机场坐标尚待与民航局AIP核对。',
      '虚构内容(均标注 demo: true):全部事件;全部救援队伍的名称、人数、车辆、状态、位置和定位时间;' +
        '航空护林站和通用航空站的位置;全部航空器及其呼号、性能和状态;物资储备库的位置和库存;任务分配。' +
        '队伍布局参照《山西省"十四五"应急体系规划》(危化品基地北部、中部、南部、东南部;煤炭产区区域矿山救援队;重点林区航空护林站)。',
      'Demo scenario. Real: airport names/ICAO/positions, city centres, county codes and label points. ' +
        'Invented (demo: true): all incidents, units, aircraft, forest/general-aviation station positions, depots and stock, assignments.',
    ].join('\n'),
    demo: true,
    incidents,
    units,
    bases,
    depots,
    assignments,
  };
}

// ---------------------------------------------------------------------------------------------
// Output

/** `JSON.stringify(x, null, 2)`, but with `[lng, lat]` pairs kept on one line for readability. */
function formatScenario(s: unknown): string {
  return (
    JSON.stringify(s, null, 2).replace(
      /\[\n\s+(-?\d+(?:\.\d+)?),\n\s+(-?\d+(?:\.\d+)?)\n\s+\]/g,
      '[$1, $2]',
    ) + '\n'
  );
}

function main(argv: string[]): number {
  let out = DEFAULT_OUT;
  let basemap = DEFAULT_BASEMAP;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--basemap') {
      const dir = argv[++i];
      if (!dir) {
        console.error('--basemap needs a directory');
        return 2;
      }
      basemap = path.resolve(dir);
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: npx tsx scripts/make-demo-scenario.ts [OUT.json] [--basemap DIR]');
      return 0;
    } else if (arg.startsWith('-')) {
      console.error(`unknown option ${arg}`);
      return 2;
    } else out = path.resolve(arg);
  }
  const text = formatScenario(build(readGeo(basemap)));
  // Never write a file the app would refuse.
  const check = loadScenarioText(text, path.basename(out));
  if (!check.ok) {
    console.error(check.error.message);
    return 1;
  }
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, text);
  const v = check.value;
  const aircraft = v.bases.reduce((n, b) => n + b.aircraft.length, 0);
  console.log(
    `wrote ${path.relative(process.cwd(), out) || out}: ${v.incidents.length} incidents, ${v.units.length} units, ` +
      `${v.bases.length} bases (${aircraft} aircraft), ${v.depots.length} depots, ${v.assignments.length} assignments`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
