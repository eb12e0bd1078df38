import {
  cstStamp,
  deadlineName,
  hazardName,
  levelName,
  statusName,
  type SituationReport,
} from '../../shared/reports';

/** A cell as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break. */
export function cell(v: string | number): string {
  const s = String(v);
  // A leading =, +, - or @ would make Excel evaluate the cell as a formula: kept as text.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as a CSV file the way the reports write it: UTF-8 with a byte-order mark, CRLF (RFC 4180). */
export function csvDocument(rows: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export const CSV_HEAD = [
  '编号',
  '事件',
  '灾种',
  '响应等级',
  '状态',
  '市',
  '市代码',
  '县（区）',
  '县代码',
  '经度',
  '纬度',
  '接报时间',
  '结束时间',
  '死亡',
  '受伤',
  '失联',
  '被困',
  '受灾人口',
  '调派队伍',
  '调派航空器',
  '在现场队伍',
  '超时未报',
];

/**
 * One row per incident of the window, then a 合计 row, in UTF-8 with a byte-order mark so Excel
 * opens it in Chinese; CRLF line ends (RFC 4180). Times in Beijing time.
 */
export function reportCsv(r: SituationReport, names: ReadonlyMap<string, string> = new Map()): string {
  const name = (code: string | null) => (code ? (names.get(code) ?? code) : '');
  const lines = [CSV_HEAD.map(cell).join(',')];
  for (const i of r.incidents)
    lines.push(
      [
        i.id,
        i.title,
        hazardName(i.hazard),
        levelName(i.level),
        statusName(i.status),
        name(i.cityAdcode),
        i.cityAdcode ?? '',
        name(i.countyAdcode),
        i.countyAdcode ?? '',
        i.location[0],
        i.location[1],
        cstStamp(i.reportedAt),
        i.closedAt ? cstStamp(i.closedAt) : '',
        i.casualties.dead,
        i.casualties.injured,
        i.casualties.missing,
        i.casualties.trapped,
        i.affected,
        i.unitsSent,
        i.aircraftSent,
        i.onScene,
        i.overdue.map(deadlineName).join('、'),
      ]
        .map(cell)
        .join(','),
    );
  const t = r.totals;
  lines.push(
    [
      '合计',
      `${t.incidents}起`,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      t.casualties.dead,
      t.casualties.injured,
      t.casualties.missing,
      t.casualties.trapped,
      t.affected,
      r.forces.units,
      r.forces.aircraft,
      r.forces.onSceneUnits,
      r.overdue.length,
    ]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
