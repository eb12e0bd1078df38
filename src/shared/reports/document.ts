import { translate } from '../i18n';
import type { MessageKey } from '../i18n';
import type { Casualties } from '../domain';
import type { SituationReport } from './aggregate';
import { cstDate, cstDateTime, cstStamp } from './window';
import { minutesBlocks } from './minutes';

/**
 * The words of a situation report, once, for every format: the HTML (PDF) and the .docx render
 * these blocks, so both say the same. The document is in Chinese: it is an official document
 * (公文) of a Chinese command centre, whatever language the console is set to.
 */
export type ReportBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  /** `numeric` columns align right; `wrap` columns (names, titles) may wrap, the others stay on one line. */
  | { kind: 'table'; caption: string; head: string[]; rows: string[][]; numeric: boolean[]; wrap: boolean[] }
  | { kind: 'map'; heading: string };

export interface ReportDocument {
  /** 红头: the issuing organ and the document's name. */
  issuer: string;
  name: string;
  /** The line under the 红头: who compiled it and the date. */
  byline: string;
  date: string;
  title: string;
  subtitle: string;
  blocks: ReportBlock[];
  /** Shown at the end (印发 line). */
  footer: string;
}

const zh = (key: string, params?: Record<string, string | number>) =>
  translate('zh-CN', key as MessageKey, params);
export const hazardName = (h: string) => zh(`hazard.${h}`);
export const statusName = (s: string) => zh(`status.${s}`);
export const supplyName = (s: string) => zh(`supply.${s}`);
export const deadlineName = (k: string) => zh(`deadline.${k}`);
const LEVEL_NAMES: Record<string, string> = { I: 'Ⅰ级', II: 'Ⅱ级', III: 'Ⅲ级', IV: 'Ⅳ级' };
export const levelName = (l: string) => LEVEL_NAMES[l] ?? l;
const WINDOW_NAMES = { shift: '本班次', day: '当日', incident: '单起事件', custom: '指定时段' } as const;

/** Whole numbers with thousands separators, the way the centre writes figures. */
export const n = (x: number) => x.toLocaleString('en-US');

export function casualtyText(c: Casualties): string {
  return `死亡${n(c.dead)}人、受伤${n(c.injured)}人、失联${n(c.missing)}人、被困${n(c.trapped)}人`;
}

function durationText(minutes: number): string {
  if (minutes < 120) return `${minutes}分钟`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}小时`;
  return `${Math.floor(minutes / 1440)}天`;
}

/**
 * The most rows a document's list tables hold: a month's report over 10,000 incidents is read as its
 * sums and its worst cases, and the CSV and GeoJSON carry every row. (Also what keeps a month's PDF
 * and Word file to seconds and megabytes: docs/reports.md.)
 */
export const LIST_LIMIT = 200;

/** The incidents a document lists (all when few), with their index in the report (the map's numbers). */
function mostSerious(all: SituationReport['incidents']) {
  const indexed = all.map((i, k) => ({ i, k }));
  if (indexed.length <= LIST_LIMIT) return indexed;
  const weight = ({ i }: (typeof indexed)[number]) => [
    i.open ? 1 : 0,
    4 - ['I', 'II', 'III', 'IV'].indexOf(i.level),
    i.casualties.dead + i.casualties.missing,
    i.casualties.injured + i.casualties.trapped,
  ];
  return indexed
    .sort((a, b) => {
      const wa = weight(a);
      const wb = weight(b);
      for (let j = 0; j < wa.length; j++) if (wa[j] !== wb[j]) return wb[j]! - wa[j]!;
      return a.k - b.k;
    })
    .slice(0, LIST_LIMIT)
    .sort((a, b) => a.k - b.k);
}

export function reportDocument(r: SituationReport): ReportDocument {
  const t = r.totals;
  const range = `${cstDateTime(r.window.from)} 至 ${cstDateTime(r.window.to)}`;
  const single = r.window.kind === 'incident' ? r.incidents[0] : undefined;
  const blocks: ReportBlock[] = [];
  const p = (text: string) => blocks.push({ kind: 'paragraph', text });
  const h = (text: string) => blocks.push({ kind: 'heading', text });

  p(
    `${WINDOW_NAMES[r.window.kind]}（${range}，北京时间）共涉及突发事件${n(t.incidents)}起，` +
      `其中新接报${n(t.newInWindow)}起；截至${cstDateTime(r.asOf)}，仍在处置${n(t.open)}起，已结束${n(t.closed)}起。` +
      `累计${casualtyText(t.casualties)}，受灾${n(t.affected)}人。` +
      `期间调派救援队伍${n(r.forces.units)}支${n(r.forces.headcount)}人、航空器${n(r.forces.aircraft)}架次，` +
      `现场在位队伍${n(r.forces.onSceneUnits)}支${n(r.forces.onSceneHeadcount)}人；超时未报${n(r.overdue.length)}项。`,
  );
  if (r.demo) p('（本报告所用事件、队伍与物资均为演示数据，不代表真实情况。）');

  h('一、事件总体情况');
  blocks.push({
    kind: 'table',
    caption: '表1  按响应等级统计',
    head: ['响应等级', '处置中', '已结束', '合计'],
    rows: [
      ...r.byLevel.map((x) => [levelName(x.level), n(x.open), n(x.closed), n(x.total)]),
      ['合计', n(t.open), n(t.closed), n(t.incidents)],
    ],
    numeric: [false, true, true, true],
    wrap: [false, false, false, false],
  });
  blocks.push({
    kind: 'table',
    caption: '表2  按灾种统计',
    head: ['灾种', '处置中', '已结束', '合计'],
    rows: [
      ...r.byHazard.map((x) => [hazardName(x.hazard), n(x.open), n(x.closed), n(x.total)]),
      ['合计', n(t.open), n(t.closed), n(t.incidents)],
    ],
    numeric: [false, true, true, true],
    wrap: [false, false, false, false],
  });

  h('二、事件清单');
  if (r.incidents.length === 0) p('本时段无突发事件。');
  const listed = mostSerious(r.incidents);
  if (listed.length < r.incidents.length)
    p(
      `事件较多，下表列出其中最严重的${n(listed.length)}起（仍在处置的、等级高的、伤亡多的在先），` +
        `序号与分布图一致；全部${n(r.incidents.length)}起见同一时段报告的 CSV 或 GeoJSON 版。`,
    );
  blocks.push({
    kind: 'table',
    caption: '表3  事件清单（状态与数字截至报告时点）',
    head: ['序号', '事件', '地点', '等级', '状态', '死/伤/失联/被困', '受灾'],
    rows: listed.map(({ i, k }) => [
      String(k + 1),
      `${i.title}（${cstStamp(i.reportedAt)}接报）`,
      i.place,
      levelName(i.level),
      statusName(i.status),
      `${n(i.casualties.dead)}/${n(i.casualties.injured)}/${n(i.casualties.missing)}/${n(i.casualties.trapped)}`,
      n(i.affected),
    ]),
    numeric: [true, false, false, false, false, true, true],
    wrap: [false, true, true, false, false, false, false],
  });

  h('三、伤亡及受灾情况（按市、县）');
  blocks.push({
    kind: 'table',
    caption: '表4  按市、县统计',
    head: ['市 / 县（区）', '事件', '死亡', '受伤', '失联', '被困', '受灾'],
    rows: [
      ...r.byPlace.flatMap((c) => [
        [
          c.name,
          n(c.incidents),
          n(c.casualties.dead),
          n(c.casualties.injured),
          n(c.casualties.missing),
          n(c.casualties.trapped),
          n(c.affected),
        ],
        ...c.counties.map((k) => [
          `\u3000${k.name}`,
          n(k.incidents),
          n(k.casualties.dead),
          n(k.casualties.injured),
          n(k.casualties.missing),
          n(k.casualties.trapped),
          n(k.affected),
        ]),
      ]),
      [
        '合计',
        n(t.incidents),
        n(t.casualties.dead),
        n(t.casualties.injured),
        n(t.casualties.missing),
        n(t.casualties.trapped),
        n(t.affected),
      ],
    ],
    numeric: [false, true, true, true, true, true, true],
    wrap: [true, false, false, false, false, false, false],
  });

  h('四、力量调派及航空救援');
  p(
    `调派救援队伍${n(r.forces.units)}支、${n(r.forces.headcount)}人，截至报告时点在现场${n(r.forces.onSceneUnits)}支、` +
      `${n(r.forces.onSceneHeadcount)}人；出动航空器${n(r.aviation.sorties)}架次（${n(r.aviation.aircraft)}架）。` +
      '架次按已批准的航空器调派计，本系统不记录实际起降。',
  );
  if (r.forces.rows.length > LIST_LIMIT)
    p(`调派较多，下表列出最近批准的${n(LIST_LIMIT)}条；全部${n(r.forces.rows.length)}条计入上述合计。`);
  if (r.forces.rows.length > 0)
    blocks.push({
      kind: 'table',
      caption: '表5  调派清单',
      head: ['批准时间', '力量', '规模/机型', '事件', '在现场'],
      rows: r.forces.rows
        .slice(-LIST_LIMIT)
        .map((f) => [
          cstStamp(f.decidedAt),
          f.name,
          f.detail,
          f.incidentTitle,
          f.resourceKind === 'unit' ? (f.onScene ? '是' : '否') : '—',
        ]),
      numeric: [false, false, false, false, false],
      wrap: [false, true, true, true, false],
    });

  h('五、物资调运');
  p('本系统尚未记录物资调运（出库、运输、接收），本报告不列调运数量。');
  if (r.supplies.depotsBelowMinimum.length > 0) {
    p(`当前库存低于下限的储备库${n(r.supplies.depotsBelowMinimum.length)}个：`);
    blocks.push({
      kind: 'table',
      caption: '表6  库存低于下限（当前）',
      head: ['储备库', '物资', '现有', '下限'],
      rows: r.supplies.depotsBelowMinimum.flatMap((d) =>
        d.items.map((i) => [
          d.name,
          supplyName(i.item),
          `${n(i.quantity)}${i.unit}`,
          `${n(i.minimum)}${i.unit}`,
        ]),
      ),
      numeric: [false, false, true, true],
      wrap: [true, false, false, false],
    });
  } else p('当前各储备库库存均不低于下限。');

  h('六、信息报送超时');
  if (r.overdue.length === 0) p('截至报告时点，无超时未报。');
  else if (r.overdue.length > LIST_LIMIT)
    p(`超时未报${n(r.overdue.length)}项，下表列出超时最久的${n(LIST_LIMIT)}项。`);
  if (r.overdue.length > 0)
    blocks.push({
      kind: 'table',
      caption: '表7  超时未报（截至报告时点）',
      head: ['事件', '应报', '应报时间', '已超时'],
      rows: [...r.overdue]
        .sort((a, b) => b.overdueMinutes - a.overdueMinutes)
        .slice(0, LIST_LIMIT)
        .map((o) => [o.title, deadlineName(o.kind), cstStamp(o.dueAt), durationText(o.overdueMinutes)]),
      numeric: [false, false, false, false],
      wrap: [true, false, false, false],
    });

  blocks.push({ kind: 'map', heading: '七、事件分布图' });
  blocks.push(...minutesBlocks(r.minutes, n));

  return {
    issuer: r.issuer,
    name: '值班信息',
    byline: `${r.issuer}值班室`,
    date: cstDate(r.generatedAt),
    title: single ? `关于${single.title}的态势报告` : `${WINDOW_NAMES[r.window.kind]}突发事件态势报告`,
    subtitle: `（${range}）`,
    blocks,
    footer: `${r.issuer}值班室\u3000\u3000${cstDate(r.generatedAt)}印发\u3000\u3000生成于${cstDateTime(r.generatedAt)}（北京时间）`,
  };
}
