import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { reportDocument, type SituationReport } from '../../shared/reports';
import { reportMapSvg } from './mapSvg';
import { NO_PLACES, type ReportPlaces } from './places';

/**
 * The CJK font the PDF embeds. WenQuanYi Micro Hei (Debian `fonts-wqy-microhei`) is a TrueType
 * (glyf) font, which Chromium embeds as a CID TrueType subset; Noto Sans/Serif CJK are CFF-based
 * and end up as Type 3 glyphs, which some archives and printers refuse. It has no bold: bold text
 * would be synthesised as outlines (Type 3 again), so nothing in the report is bold; size and red
 * make the 红头 and the title stand out instead.
 */
export const REPORT_FONT_FAMILY = 'WenQuanYi Micro Hei';
const FONT_FILES = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/wqy-microhei/wqy-microhei.ttc',
  '/usr/local/share/fonts/wqy-microhei.ttc',
];

/** The installed font file, or null (the PDF then uses whatever CJK font the system falls back to). */
export function reportFontFile(): string | null {
  return FONT_FILES.find((f) => existsSync(f)) ?? null;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * GB/T 9704-2012 (党政机关公文格式) on A4: margins top 37 mm, bottom 35 mm, left 28 mm, right
 * 26 mm (a 156 × 225 mm text area); body 3号 (16 pt) 仿宋 on 22 lines of 28 characters
 * (line pitch 225/22 = 10.2 mm, character pitch 156/28 = 5.57 mm: 16 pt less 0.21 pt spacing);
 * title 2号 (22 pt) 小标宋; the 红头 (发文机关标志) red and centred above a red separator line;
 * page numbers "— 1 —" in 4号 (14 pt) under the text area, odd pages right and even pages left,
 * one character in from the edge. The faces a centre uses (方正小标宋, 仿宋_GB2312) come first;
 * where they are not installed, WenQuanYi Micro Hei stands in for all of them (docs/reports.md).
 */
const CSS = (fontUrl: string | null) => `
@font-face { font-family: 'JyReport'; src: local('${REPORT_FONT_FAMILY}')${fontUrl ? `, url('${fontUrl}')` : ''}; }
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page :right { @bottom-right { content: '— ' counter(page) ' —'; font-family: 'JyReport'; font-size: 14pt; vertical-align: top; padding-top: 7mm; padding-right: 14pt; } }
@page :left { @bottom-left { content: '— ' counter(page) ' —'; font-family: 'JyReport'; font-size: 14pt; vertical-align: top; padding-top: 7mm; padding-left: 14pt; } }
* { box-sizing: border-box; font-weight: normal; font-style: normal; }
html, body { margin: 0; padding: 0; }
body { font-family: 'FangSong_GB2312', 'FangSong', '仿宋', 'JyReport'; font-size: 16pt; line-height: 10.2mm;
  letter-spacing: -0.21pt; color: #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.red-head { text-align: center; color: #d40000; font-family: 'FZXiaoBiaoSong-B05S', '方正小标宋简体', 'JyReport';
  font-size: 42pt; line-height: 1.2; letter-spacing: 4pt; margin: 0; }
.byline { display: flex; justify-content: space-between; font-size: 16pt; margin-top: 8mm; line-height: 1.4; }
.red-line { border: 0; border-top: 1mm solid #d40000; margin: 4mm 0 0 0; }
h1 { font-family: 'FZXiaoBiaoSong-B05S', '方正小标宋简体', 'JyReport'; font-size: 22pt; text-align: center;
  line-height: 1.45; margin: 10.2mm 0 0 0; letter-spacing: 0; }
.subtitle { text-align: center; margin: 0 0 10.2mm 0; font-size: 16pt; }
h2 { font-family: 'SimHei', '黑体', 'JyReport'; font-size: 16pt; margin: 0; line-height: 10.2mm; break-after: avoid; }
p { margin: 0; text-indent: 2em; text-align: justify; }
table { width: 100%; border-collapse: collapse; font-size: 12pt; line-height: 1.5; letter-spacing: 0; margin: 2mm 0 4mm 0; page-break-inside: auto; }
caption { font-family: 'SimHei', '黑体', 'JyReport'; font-size: 12pt; padding-bottom: 1mm; }
th, td { border: 0.6pt solid #000; padding: 0.6mm 1.2mm; vertical-align: top; white-space: nowrap; }
th.wrap, td.wrap { white-space: normal; }
th { background: #f0f0f0; }
td.num { text-align: right; white-space: nowrap; }
tr { page-break-inside: avoid; }
tr.total td { background: #f7f7f7; }
figure { margin: 0; break-inside: avoid; text-align: center; }
figure h2 { text-align: left; }
.report-map { width: auto; max-width: 100%; max-height: 180mm; }
.colophon { margin-top: 10mm; border-top: 0.5mm solid #000; border-bottom: 0.5mm solid #000; font-size: 14pt;
  line-height: 1.6; padding: 1mm 14pt; page-break-inside: avoid; }
`;

/**
 * The situation report as one HTML document: what Electron prints with `webContents.printToPDF`
 * and the CLI and web mode print in Chromium (`page.pdf`), so the PDF is the same everywhere.
 */
export function reportHtml(r: SituationReport, places: ReportPlaces = NO_PLACES): string {
  const doc = reportDocument(r);
  const font = reportFontFile();
  const body: string[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'heading') body.push(`<h2>${esc(b.text)}</h2>`);
    else if (b.kind === 'paragraph') body.push(`<p>${esc(b.text)}</p>`);
    else if (b.kind === 'map')
      // The heading goes inside the figure, so a page break never leaves it alone above the map.
      body.push(`<figure><h2>${esc(b.heading)}</h2>${reportMapSvg(r, places, 'JyReport')}</figure>`);
    else {
      const cell = (tag: 'td' | 'th', v: string, i: number) => {
        const cls = [tag === 'td' && b.numeric[i] ? 'num' : '', b.wrap[i] ? 'wrap' : '']
          .filter(Boolean)
          .join(' ');
        return `<${tag}${cls ? ` class="${cls}"` : ''}>${esc(v)}</${tag}>`;
      };
      body.push(
        `<table><caption>${esc(b.caption)}</caption><thead><tr>${b.head.map((h, i) => cell('th', h, i)).join('')}</tr></thead><tbody>` +
          b.rows
            .map(
              (row) =>
                `<tr${row[0] === '合计' ? ' class="total"' : ''}>${row.map((v, i) => cell('td', v, i)).join('')}</tr>`,
            )
            .join('') +
          '</tbody></table>',
      );
    }
  }
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.title)}</title>
<style>${CSS(font ? pathToFileURL(font).href : null)}</style></head>
<body>
<header>
<div class="red-head">${esc(doc.issuer)}<br>${esc(doc.name)}</div>
<div class="byline"><span>${esc(doc.byline)}</span><span>${esc(doc.date)}</span></div>
<hr class="red-line">
</header>
<h1>${esc(doc.title)}</h1>
<div class="subtitle">${esc(doc.subtitle)}</div>
${body.join('\n')}
<div class="colophon">${esc(doc.footer)}</div>
</body></html>`;
}
