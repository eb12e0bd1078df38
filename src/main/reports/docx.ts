import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { reportDocument, type SituationReport } from '../../shared/reports';

/** Millimetres to twentieths of a point (Word's page unit). */
const mm = (x: number) => Math.round((x * 1440) / 25.4);
/** Points to half-points (Word's font size unit). */
const pt = (x: number) => x * 2;

/*
 * The faces GB/T 9704-2012 names, as a Chinese Windows machine has them: Word uses them when the
 * centre opens the file, and substitutes its own where one is missing. (The PDF embeds
 * WenQuanYi Micro Hei instead, because it is what the machine making the PDF has: docs/reports.md.)
 */
const BODY = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const TITLE = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const HEI = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
const RED = 'D40000';

const run = (text: string, size: number, font = BODY, colour?: string) =>
  new TextRun({ text, size: pt(size), font, ...(colour ? { color: colour } : {}) });

/** Line pitch of the body: 22 lines in the 225 mm text area (GB/T 9704 §5.2.2). */
const LINE = { line: mm(225 / 22), lineRule: 'exact' as const };

function pageFooter(align: (typeof AlignmentType)[keyof typeof AlignmentType]) {
  return new Footer({
    children: [
      new Paragraph({
        alignment: align,
        indent: align === AlignmentType.RIGHT ? { right: pt(14) * 10 } : { left: pt(14) * 10 },
        children: [
          new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: pt(14), font: { name: '宋体' } }),
        ],
      }),
    ],
  });
}

/**
 * The situation report as Word .docx, so a centre can edit it before it goes out: the same words as
 * the PDF (src/shared/reports/document.ts), A4 with the GB/T 9704 margins, the red 红头 and its red
 * line, the title and body sizes, and page numbers "— N —" (odd pages right, even pages left).
 * The map is not drawn in the Word file; the PDF and the GeoJSON carry it.
 */
export async function reportDocx(r: SituationReport): Promise<Buffer> {
  const doc = reportDocument(r);
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(doc.issuer, 36, TITLE, RED)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(doc.name, 36, TITLE, RED)],
    }),
    new Paragraph({
      spacing: { before: mm(6) },
      tabStops: [{ type: 'right', position: mm(156) }],
      border: { bottom: { style: BorderStyle.SINGLE, size: 24, color: RED, space: 4 } },
      children: [run(doc.byline, 16), new TextRun({ text: '\t', size: pt(16) }), run(doc.date, 16)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: mm(10) },
      children: [run(doc.title, 22, TITLE)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: mm(10) },
      children: [run(doc.subtitle, 16)],
    }),
  ];
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  for (const b of doc.blocks) {
    if (b.kind === 'heading')
      children.push(new Paragraph({ spacing: LINE, children: [run(b.text, 16, HEI)] }));
    else if (b.kind === 'paragraph')
      children.push(
        new Paragraph({
          spacing: LINE,
          indent: { firstLine: pt(16) * 20 },
          alignment: AlignmentType.JUSTIFIED,
          children: [run(b.text, 16)],
        }),
      );
    else if (b.kind === 'map')
      children.push(
        new Paragraph({ spacing: LINE, children: [run(b.heading, 16, HEI)] }),
        new Paragraph({
          spacing: LINE,
          indent: { firstLine: pt(16) * 20 },
          children: [
            run('事件分布图见同一报告的 PDF 版（GeoJSON 版可在地图软件中打开）；Word 版不含图。', 16),
          ],
        }),
      );
    else {
      children.push(new Paragraph({ spacing: { before: mm(2) }, children: [run(b.caption, 12, HEI)] }));
      const cellOf = (text: string, i: number, head: boolean) =>
        new TableCell({
          borders,
          ...(head ? { shading: { fill: 'F0F0F0' } } : {}),
          children: [
            new Paragraph({
              alignment: !head && b.numeric[i] ? AlignmentType.RIGHT : AlignmentType.LEFT,
              children: [run(text, 12, head ? HEI : BODY)],
            }),
          ],
        });
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: b.head.map((h, i) => cellOf(h, i, true)) }),
            ...b.rows.map(
              (row) => new TableRow({ cantSplit: true, children: row.map((v, i) => cellOf(v, i, false)) }),
            ),
          ],
        }),
      );
    }
  }
  children.push(
    new Paragraph({
      spacing: { before: mm(10) },
      border: {
        top: { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 2 },
        bottom: { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 2 },
      },
      children: [run(doc.footer, 14)],
    }),
  );
  const document = new Document({
    creator: doc.byline,
    title: doc.title,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: BODY, size: pt(16) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), footer: mm(35 - 7 - 5) },
          },
        },
        footers: { default: pageFooter(AlignmentType.RIGHT), even: pageFooter(AlignmentType.LEFT) },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
