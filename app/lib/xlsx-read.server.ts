// Reads the cell values of an .xlsx file: unzips only its XML parts (node's zlib) and scans them once each,
// keeping nothing but values. The import's reader: exceljs builds a whole object model
// (styles, every cell object) and takes a worker thread most of a second to load before it reads anything;
// this reads a 7,000-row workbook in a fraction of that. Writing workbooks stays with exceljs.
//
// What it understands: shared, inline and formula strings (rich-text runs joined, phonetic runs left out),
// numbers, booleans, errors (as empty), cached formula results, numbers in a date format as Dates (the
// 1900 and 1904 systems, as exceljs reads them), merged ranges (only the top-left cell keeps its value),
// hidden sheets (skipped), cells without a reference (counted along the row).
import { inflateRawSync } from "node:zlib";

export type XlsxCell = string | number | boolean | Date | null;
/** A visible sheet: row i of `rows` is Excel row i+1, cell j column j+1 (blank rows are empty arrays). */
export type XlsxSheet = { name: string; rows: XlsxCell[][] };

/** Larger than any workbook of rows a person uploads; a zip that inflates past it is refused (a zip bomb). */
const MAX_XML_BYTES = 200 * 1024 * 1024;

/** Built-in number formats that show a date or a time (ECMA-376 18.8.30, with the CJK ids 27-36 and 50-58). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format code shows a date when, outside quotes and [..] (colours, locales), it has date letters (exceljs's rule). */
const isDateFormat = (code: string) => /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));

const DAY_MS = 86_400_000;
/** As exceljs: serial 25569 is 1970-01-01 in the 1900 system; the 1904 system is 1462 days behind. */
const serialToDate = (v: number, date1904: boolean) => new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * DAY_MS));

/** Column index (0-based) of a cell reference such as "AB12"; -1 when it has no letters. */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : col - 1;
}
const rowOf = (ref: string) => Number(ref.replace(/^[A-Za-z]+/, ""));

type Tag = { name: string; attributes: Record<string, string> };

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const decode = (s: string) =>
  s.indexOf("&") < 0
    ? s
    : s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) =>
        e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
      );
const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * One pass over well-formed XML (what every spreadsheet writer produces): `open` for each element with its
 * attributes, `close` at its end (also for a self-closing one), `text` for text and CDATA, entities decoded.
 * A hand-written scanner: a SAX library checks names and well-formedness character by character and read a
 * 7,000-row sheet several times slower; what it would refuse here is no workbook anyway.
 */
function parse(xml: string, handlers: { open?: (tag: Tag) => void; close?: (name: string) => void; text?: (text: string) => void }) {
  const { open, close, text } = handlers;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) break;
    if (text && lt > i) text(decode(xml.slice(i, lt)));
    const next = xml.charCodeAt(lt + 1);
    if (next === 33 /* ! */) {
      if (xml.startsWith("<![CDATA[", lt)) {
        const end = xml.indexOf("]]>", lt);
        if (end < 0) throw new Error("unterminated CDATA");
        if (text) text(xml.slice(lt + 9, end));
        i = end + 3;
      } else {
        const end = xml.startsWith("<!--", lt) ? xml.indexOf("-->", lt) + 3 : xml.indexOf(">", lt) + 1;
        if (end <= 0) throw new Error("unterminated markup");
        i = end;
      }
      continue;
    }
    const gt = xml.indexOf(">", lt);
    if (gt < 0) throw new Error("unterminated tag");
    i = gt + 1;
    if (next === 63 /* ? */) continue;
    if (next === 47 /* / */) {
      if (close) close(xml.slice(lt + 2, gt).trim());
      continue;
    }
    const selfClosing = xml.charCodeAt(gt - 1) === 47;
    const body = xml.slice(lt + 1, selfClosing ? gt - 1 : gt);
    let nameEnd = 0;
    while (nameEnd < body.length && body.charCodeAt(nameEnd) > 32) nameEnd++;
    const name = body.slice(0, nameEnd);
    if (open) {
      const attributes: Record<string, string> = {};
      if (nameEnd < body.length) for (const m of body.slice(nameEnd).matchAll(ATTRIBUTE)) attributes[m[1]!] = decode(m[2] ?? m[3] ?? "");
      open({ name, attributes });
    }
    if (selfClosing && close) close(name);
  }
}

/** Local name of a tag (some writers prefix the spreadsheet namespace: `x:c`). */
const local = (name: string) => {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
};

/** The text of <t> elements under the current element, without phonetic guides (<rPh>). */
function textCollector() {
  let inT = false;
  let inPhonetic = 0;
  let text = "";
  return {
    open(name: string) {
      if (name === "rPh") inPhonetic++;
      else if (name === "t" && !inPhonetic) inT = true;
    },
    close(name: string) {
      if (name === "rPh") inPhonetic--;
      else if (name === "t") inT = false;
    },
    text(s: string) {
      if (inT) text += s;
    },
    take() {
      const s = text;
      text = "";
      return s;
    },
  };
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const out: string[] = [];
  const t = textCollector();
  parse(xml, {
    open: (tag) => t.open(local(tag.name)),
    close: (name) => {
      const n = local(name);
      t.close(n);
      if (n === "si") out.push(t.take());
    },
    text: (s) => t.text(s),
  });
  return out;
}

/** Which cell styles (index into cellXfs) show numbers as dates. */
function dateStyles(xml: string | undefined): Set<number> {
  const out = new Set<number>();
  if (!xml) return out;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  let xf = 0;
  parse(xml, {
    open: (tag) => {
      const n = local(tag.name);
      if (n === "numFmt") custom.set(Number(tag.attributes.numFmtId), String(tag.attributes.formatCode ?? ""));
      else if (n === "cellXfs") inCellXfs = true;
      else if (n === "xf" && inCellXfs) {
        const id = Number(tag.attributes.numFmtId ?? 0);
        const code = custom.get(id);
        if (code != null ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id)) out.add(xf);
        xf++;
      }
    },
    close: (name) => {
      if (local(name) === "cellXfs") inCellXfs = false;
    },
  });
  return out;
}

/** Our own exports neutralise formula-like text with a leading ' (xlsx-table.server.ts): read it back as typed. */
const unneutralised = (s: string) => (/^'[=+\-@\t\r＝＋－＠]/.test(s) ? s.slice(1) : s);

type Book = { strings: string[]; dates: Set<number>; date1904: boolean };

function sheetRows(xml: string, book: Book): XlsxCell[][] {
  const rows: XlsxCell[][] = [];
  let row: XlsxCell[] = [];
  let rowIndex = -1;
  let col = -1;
  // The cell being read: its type, style, raw <v> text and inline text.
  let type = "";
  let style = 0;
  let inV = false;
  let v = "";
  let hasV = false;
  const inline = textCollector();
  const merges: string[] = [];
  const value = (): XlsxCell => {
    switch (type) {
      case "s":
        return hasV ? unneutralised(book.strings[Number(v)] ?? "") : null;
      case "inlineStr":
        return unneutralised(inline.take());
      case "str":
        return hasV ? unneutralised(v) : null;
      case "b":
        return hasV ? Number(v) !== 0 : null;
      case "e":
        return null;
      case "d": {
        const d = new Date(v);
        return hasV && !Number.isNaN(d.getTime()) ? d : null;
      }
      default: {
        if (!hasV || v.trim() === "") return null;
        const n = Number(v);
        if (Number.isNaN(n)) return null;
        return book.dates.has(style) ? serialToDate(n, book.date1904) : n;
      }
    }
  };
  parse(xml, {
    open: (tag) => {
      const n = local(tag.name);
      const a = tag.attributes;
      switch (n) {
        case "row":
          rowIndex = a.r ? Number(a.r) - 1 : rowIndex + 1;
          row = [];
          col = -1;
          return;
        case "c": {
          const ref = a.r ? String(a.r) : "";
          const c = ref ? columnOf(ref) : -1;
          col = c >= 0 ? c : col + 1;
          type = String(a.t ?? "n");
          style = Number(a.s ?? 0);
          v = "";
          hasV = false;
          inline.take();
          return;
        }
        case "v":
          inV = true;
          hasV = true;
          return;
        case "mergeCell":
          if (a.ref) merges.push(String(a.ref));
          return;
        default:
          inline.open(n);
      }
    },
    close: (name) => {
      const n = local(name);
      switch (n) {
        case "v":
          inV = false;
          return;
        case "c": {
          const cell = value();
          if (cell !== null) row[col] = cell;
          return;
        }
        case "row":
          // As exceljs: a row without a value is no row (the last row counts toward the import's limit).
          if (row.length) rows[rowIndex] = Array.from(row, (c) => c ?? null);
          return;
        default:
          inline.close(n);
      }
    },
    text: (s) => {
      if (inV) v += s;
      else inline.text(s);
    },
  });
  // A merged range's other cells repeat nothing: only its top-left cell has a value.
  for (const ref of merges) {
    const [from, to] = ref.split(":");
    if (!from || !to) continue;
    const [r0, r1, c0, c1] = [rowOf(from) - 1, rowOf(to) - 1, columnOf(from), columnOf(to)];
    for (let r = r0; r <= r1; r++) {
      const cells = rows[r];
      if (!cells) continue;
      for (let c = c0; c <= c1; c++) if ((r !== r0 || c !== c0) && c < cells.length) cells[c] = null;
    }
  }
  return Array.from(rows, (r) => r ?? []);
}

/** A part's path from a relationship target (relative to xl/, or absolute from the package root). */
const partPath = (base: string, target: string) => (target.startsWith("/") ? target.slice(1) : `${base}${target}`).replace(/[^/]+\/\.\.\//g, "");

/**
 * The XML parts of a zip (.xml, .rels) as text, by path: read from the central directory, inflated by
 * node's zlib (native, several times faster than inflating in JS). Throws on anything but a plain zip of
 * stored or deflated entries, or when the parts would inflate past MAX_XML_BYTES.
 */
function unzipXml(bytes: Uint8Array): Map<string, string> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: its signature within the last 64 KiB (after an optional comment).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("no zip");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const parts = new Map<string, string>();
  let inflated = 0;
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("bad central directory");
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLength);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (!/\.(xml|rels)$/i.test(name)) continue;
    inflated += size;
    if (inflated > MAX_XML_BYTES) throw new Error("too large");
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error("bad local header");
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + compressed);
    if (method === 0) parts.set(name, data.toString("utf8"));
    else if (method === 8) parts.set(name, inflateRawSync(data, { maxOutputLength: Math.max(size, 1) }).toString("utf8"));
    else throw new Error(`zip method ${method}`);
  }
  return parts;
}

/** Every visible sheet's values, in the workbook's order; null when the bytes are no readable .xlsx. */
export function readXlsx(bytes: Uint8Array): XlsxSheet[] | null {
  let parts: Map<string, string>;
  try {
    parts = unzipXml(bytes);
  } catch {
    return null;
  }
  const text = (name: string) => parts.get(name);
  try {
    // The workbook part is named by the package's relationships (xl/workbook.xml by every writer we know).
    let workbookPath = "xl/workbook.xml";
    parse(text("_rels/.rels") ?? "", {
      open: (tag) => {
        if (local(tag.name) === "Relationship" && String(tag.attributes.Type ?? "").endsWith("/officeDocument")) workbookPath = partPath("", String(tag.attributes.Target));
      },
    });
    const base = workbookPath.slice(0, workbookPath.lastIndexOf("/") + 1);
    const workbook = text(workbookPath);
    if (!workbook) return null;
    const relsXml = text(`${base}_rels/${workbookPath.slice(base.length)}.rels`);
    const targets = new Map<string, string>();
    let sharedPath = `${base}sharedStrings.xml`;
    let stylesPath = `${base}styles.xml`;
    if (relsXml)
      parse(relsXml, {
        open: (tag) => {
          if (local(tag.name) !== "Relationship") return;
          const target = partPath(base, String(tag.attributes.Target));
          const type = String(tag.attributes.Type ?? "");
          targets.set(String(tag.attributes.Id), target);
          if (type.endsWith("/sharedStrings")) sharedPath = target;
          else if (type.endsWith("/styles")) stylesPath = target;
        },
      });
    const sheets: { name: string; path: string | undefined }[] = [];
    let date1904 = false;
    parse(workbook, {
      open: (tag) => {
        const n = local(tag.name);
        const a = tag.attributes;
        if (n === "workbookPr") date1904 = a.date1904 === "1" || a.date1904 === "true";
        else if (n === "sheet" && (a.state == null || a.state === "visible")) {
          // Hidden sheets hold lists for drop-downs (the template's 选项), not rows to import.
          const id = Object.entries(a).find(([k]) => local(k) === "id")?.[1];
          sheets.push({ name: String(a.name ?? ""), path: id == null ? undefined : targets.get(String(id)) });
        }
      },
    });
    const book: Book = { strings: sharedStrings(text(sharedPath)), dates: dateStyles(text(stylesPath)), date1904 };
    return sheets.map((s) => {
      const xml = s.path ? text(s.path) : undefined;
      return { name: s.name, rows: xml ? sheetRows(xml, book) : [] };
    });
  } catch {
    // Malformed XML inside a zip: not a workbook we can read.
    return null;
  }
}
