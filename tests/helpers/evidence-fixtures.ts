// Small real files for evidence upload tests: a PDF, a PNG, a DOCX (built with the docx package), text,
// and disguised or forbidden content (an executable renamed to .pdf, SVG, HTML).
import { Document, Packer, Paragraph } from "docx";

export const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
);
// A 1x1 transparent PNG.
export const PNG = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64"),
);
export const TXT = new TextEncoder().encode("型式试验记录\n传动精度 0.8 arcmin\n");
export const CSV = new TextEncoder().encode("日期,测量值\n2026-11-20,0.8\n");
/** An ELF header: an executable whatever its name says. */
export const EXE = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(120).fill(0)]);
export const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
export const HTML = new TextEncoder().encode("<!doctype html><html><body><script>alert(1)</script></body></html>");

export async function docxBytes(text = "第三方型式试验报告"): Promise<Uint8Array> {
  const doc = new Document({ sections: [{ children: [new Paragraph(text)] }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A multipart body as a browser would send it. */
export function multipart(fields: Record<string, string | number>, files: { name: string; bytes: Uint8Array; type?: string }[], field = "evidence"): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
  for (const f of files) form.append(field, new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/octet-stream" }), f.name);
  return form;
}
