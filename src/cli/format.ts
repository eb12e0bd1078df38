/** Plain-text tables for the terminal. CJK characters take two columns. */
export function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

/** Columns whose header starts with '>' are right-aligned (numbers). */
export function table(headers: string[], rows: string[][]): string {
  const right = headers.map((h) => h.startsWith('>'));
  const hs = headers.map((h) => h.replace(/^>/, ''));
  const widths = hs.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!, right[i]!))
      .join('  ')
      .trimEnd();
  return [line(hs), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const f1 = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : v.toFixed(1);
export const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** JSON with non-integers rounded to 6 decimals: readable, and exact enough for coordinates. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) =>
      typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v,
    2,
  );
}

/** The same rounding on one line (batch results: one JSON document per line). */
export function toJsonLine(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v,
  );
}
