import { LIST_LIMIT, type SituationReport } from '../../shared/reports';
import type { ReportPlaces } from './places';

/** Level colours as on the console's map: I red, II orange, III yellow, IV blue. */
export const LEVEL_COLOURS: Record<string, string> = {
  I: '#c00000',
  II: '#e36c09',
  III: '#d4a000',
  IV: '#1f5fbf',
};

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The map of the window as SVG: county outlines and city borders from the map pack (never from
 * elsewhere: no pack, no boundaries), and each incident covered, numbered as in the incident list
 * and coloured by level. Equirectangular with the longitude scaled by cos(mid-latitude), which is
 * faithful enough at a province's size and needs no projection library.
 */
export function reportMapSvg(r: SituationReport, places: ReportPlaces, font: string): string {
  const pts = r.incidents.map((i) => i.location);
  const rings = [...places.cities, ...places.counties].flatMap((b) => b.polygons.flatMap((p) => p));
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of [...rings.flat(), ...pts]) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  if (!Number.isFinite(x0)) [x0, y0, x1, y1] = [110.2, 34.5, 114.6, 40.8]; // Shanxi, nothing to draw
  const pad = Math.max(x1 - x0, y1 - y0) * 0.04 + 0.05;
  [x0, y0, x1, y1] = [x0 - pad, y0 - pad, x1 + pad, y1 + pad];
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const W = 1000;
  const scale = W / ((x1 - x0) * k);
  const H = Math.round((y1 - y0) * scale);
  const px = (x: number) => ((x - x0) * k * scale).toFixed(1);
  const py = (y: number) => ((y1 - y) * scale).toFixed(1);
  const path = (polys: [number, number][][][]) =>
    polys
      .flatMap((poly) => poly.map((ring) => `M${ring.map(([x, y]) => `${px(x)} ${py(y)}`).join('L')}Z`))
      .join('');
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" font-family="${esc(font)}" class="report-map" role="img" aria-label="事件分布图">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff" stroke="#000" stroke-width="2"/>`,
  ];
  for (const c of places.counties)
    out.push(`<path d="${path(c.polygons)}" fill="#f4f4f4" stroke="#9a9a9a" stroke-width="1"/>`);
  for (const c of places.cities)
    out.push(`<path d="${path(c.polygons)}" fill="none" stroke="#333" stroke-width="2.4"/>`);
  // City names at the centre of each city's outline box (the pack's label points are not read).
  for (const c of places.cities) {
    const xs = c.polygons.flat(2).map((p) => p[0]);
    const ys = c.polygons.flat(2).map((p) => p[1]);
    if (xs.length === 0) continue;
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
    const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
    out.push(
      `<text x="${px(cx)}" y="${py(cy)}" font-size="26" fill="#555" text-anchor="middle">${esc(c.name)}</text>`,
    );
  }
  // Numbered as in the incident list; a window with more than the list holds is drawn as dots.
  const dots = r.incidents.length > LIST_LIMIT;
  r.incidents.forEach((i, n) => {
    const colour = LEVEL_COLOURS[i.level] ?? '#000';
    const [x, y] = [px(i.location[0]), py(i.location[1])];
    const fill = i.open ? colour : '#ffffff';
    if (dots) {
      out.push(`<circle cx="${x}" cy="${y}" r="5" fill="${fill}" stroke="${colour}" stroke-width="1.5"/>`);
      return;
    }
    const ring = i.open ? '' : ' stroke-dasharray="4 3"';
    out.push(
      `<circle cx="${x}" cy="${y}" r="17" fill="${fill}" stroke="${colour}" stroke-width="4"${ring}/>`,
      `<text x="${x}" y="${(Number(y) + 8).toFixed(1)}" font-size="22" text-anchor="middle" fill="${i.open ? '#fff' : colour}">${n + 1}</text>`,
    );
  });
  if (places.counties.length === 0 && places.cities.length === 0)
    out.push(
      `<text x="${W / 2}" y="${H / 2}" font-size="28" text-anchor="middle" fill="#777">未加载底图包：不绘制行政区划边界</text>`,
    );
  // Legend and attribution along the bottom edge.
  const legend = Object.entries(LEVEL_COLOURS)
    .map(([, c], j) => {
      const x = 24 + j * 150;
      return `<circle cx="${x + 12}" cy="${H - 58}" r="12" fill="${c}"/><text x="${x + 32}" y="${H - 49}" font-size="24">${['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'][j]}级</text>`;
    })
    .join('');
  out.push(
    `<g>${legend}<circle cx="636" cy="${H - 58}" r="12" fill="#fff" stroke="#555" stroke-width="3" stroke-dasharray="4 3"/><text x="656" y="${H - 49}" font-size="24">已结束</text></g>`,
  );
  if (places.attribution)
    out.push(
      `<text x="${W - 16}" y="${H - 16}" font-size="20" text-anchor="end" fill="#333">${esc(places.attribution)}</text>`,
    );
  out.push('</svg>');
  return out.join('\n');
}
