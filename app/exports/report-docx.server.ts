// The annual report as a Word document laid out like a Chinese official document (GB/T 9704 habits):
// A4, margins 37/35/28/26 mm, title in 方正小标宋 二号 (22 pt), section headings in 黑体 三号 (16 pt), body in
// 仿宋_GB2312 三号 with a fixed 28 pt line and a two-character first-line indent, table captions in 楷体,
// tables in 宋体 五号 with a repeated header row, page numbers "— n —" centred in the footer. Fonts are
// set per script (eastAsia for Chinese, Times New Roman for Latin), so Word picks the right face for each.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
} from "docx";
import { columnShares, coverDate, tableCaption, type AssembledReport, type Cell, type ReportTable } from "../models/report";
import { translate, type Locale } from "../i18n/catalog";

const LATIN = "Times New Roman";
const font = (eastAsia: string) => ({ ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia });
const FONTS = { title: font("方正小标宋简体"), heading: font("黑体"), body: font("仿宋_GB2312"), caption: font("楷体_GB2312"), table: font("宋体") };
/** Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt. */
const SIZE = { erhao: 44, sanhao: 32, sihao: 28, wuhao: 21 };
const MM = 56.7; // twips per millimetre
const PAGE = { width: 11906, height: 16838, top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const LINE_28PT = { line: 560, lineRule: LineRuleType.EXACT };


const run = (text: string, opts: IRunOptions = {}) => new TextRun({ text, ...opts });
const show = (v: Cell) => (v == null ? "" : typeof v === "number" ? String(Math.round(v * 100) / 100) : v);

function bodyParagraphs(text: string): Paragraph[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => new Paragraph({ children: [run(line)], indent: { firstLine: 640 }, spacing: LINE_28PT, alignment: AlignmentType.JUSTIFIED }));
}

function dataTable(table: ReportTable, emptyText: string): Table {
  // The same shares as the PDF (models/report.ts), so a name or a suggestion is never one character per line.
  const widths = columnShares(table).map((share) => Math.floor(TEXT_WIDTH * share));
  const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, i: number, opts: { header?: boolean; span?: number } = {}) =>
    new TableCell({
      width: { size: opts.span ? TEXT_WIDTH : widths[i]!, type: WidthType.DXA },
      columnSpan: opts.span,
      borders,
      verticalAlign: VerticalAlign.CENTER,
      shading: opts.header ? { type: ShadingType.CLEAR, color: "auto", fill: "D9D9D9" } : undefined,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: [
        new Paragraph({
          alignment: opts.header || opts.span || table.columns[i]?.numeric ? AlignmentType.CENTER : AlignmentType.LEFT,
          children: [run(text, { font: FONTS.table, size: SIZE.wuhao, bold: opts.header })],
        }),
      ],
    });
  const header = new TableRow({ tableHeader: true, cantSplit: true, children: table.columns.map((c, i) => cell(c.label, i, { header: true })) });
  const rows = table.rows.length
    ? table.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(show(v), i)) }))
    : [new TableRow({ children: [cell(emptyText, 0, { span: table.columns.length })] })];
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, rows: [header, ...rows] });
}

export async function reportDocx(report: AssembledReport, locale: Locale): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const asOf = report.figures.asOf;
  let tableNo = 0;
  const cover = (f: string) => t(`reports.cover.${report.format}.${f}`);
  const coverLine = (label: string, value: string) =>
    new Paragraph({ spacing: { before: 200, ...LINE_28PT }, indent: { left: 1200 }, children: [run(`${label}${t("reports.coverSep")}`, { font: FONTS.heading }), run(value, { underline: {} })] });
  const children: (Paragraph | Table)[] = [
    // 封面 (cover page): title, then the lines the province's form asks for, and room for the seal.
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 2400, after: 2400, line: 700, lineRule: LineRuleType.EXACT }, children: [run(report.title, { font: FONTS.title, size: SIZE.erhao })] }),
    coverLine(cover("submitter"), report.cover.submitter),
    coverLine(cover("leadUnit"), report.cover.leadUnit),
    coverLine(cover("contact"), report.cover.contact),
    coverLine(cover("phone"), report.cover.phone),
    coverLine(cover("date"), coverDate(locale, report.cover.date)),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 1200 }, children: [run(cover("seal"))] }),
    new Paragraph({
      pageBreakBefore: true,
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 120, line: 700, lineRule: LineRuleType.EXACT },
      children: [run(report.title, { font: FONTS.title, size: SIZE.erhao })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 360, ...LINE_28PT },
      children: [run(t("reports.docSubtitle", { format: t(`reports.formats.${report.format}`), date: asOf }), { font: FONTS.caption })],
    }),
  ];
  for (const s of report.sections) {
    children.push(
      new Paragraph({ spacing: { before: 240, ...LINE_28PT }, indent: { firstLine: 640 }, keepNext: true, children: [run(s.heading, { font: FONTS.heading, size: SIZE.sanhao })] }),
      ...bodyParagraphs(s.summary),
      ...bodyParagraphs(s.narrative),
    );
    for (const tb of s.tables) {
      tableNo++;
      children.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          keepNext: true,
          spacing: { before: 200, after: 80 },
          children: [run(tableCaption(locale, tableNo, tb.title), { font: FONTS.caption, size: SIZE.sihao })],
        }),
        dataTable(tb, t("reports.tableEmpty")),
      );
    }
  }
  const pageNo = t("reports.pageNumber", { n: "#" }).split("#");
  const doc = new Document({
    creator: report.consortiumName,
    title: report.title,
    styles: {
      default: {
        document: {
          run: { font: FONTS.body, size: SIZE.sanhao, language: { value: locale === "en" ? "en-US" : "zh-CN", eastAsia: "zh-CN" } },
          paragraph: { spacing: LINE_28PT },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, footer: Math.round(20 * MM) },
            pageNumbers: { start: 1 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ font: FONTS.table, size: SIZE.sihao, children: [pageNo[0] ?? "", PageNumber.CURRENT, pageNo[1] ?? ""] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
