// Evidence uploads at the model boundary: readMultipart's limits, sniffing and CSRF on real multipart
// Requests; storeEvidence writing content-addressed files; listEvidence. (Uploads through a real HTTP
// route and the download permission are tested in indicators.test.ts.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { listEvidence, readMultipart, storeEvidence, attachmentHeader } from "../../app/models/evidence.server";
import { MAX_FILE_BYTES, MAX_FILES } from "../../app/models/evidence";
import { DomainError } from "../../app/models/errors";
import type { Actor, AppConfig } from "../../app/models/context.server";
import { actor, seededDb } from "../helpers/db";
import { CSV, docxBytes, EXE, HTML, multipart, PDF, PNG, SVG, TXT } from "../helpers/evidence-fixtures";

let db: DB;
let jiang: Actor;
let config: AppConfig;
let dir: string;

beforeAll(async () => {
  db = await seededDb();
  jiang = actor(db, "jiang_hao");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-evidence-"));
  config = { sessionSecret: "x", secureCookies: false, dataDir: dir, uploadsDir: path.join(dir, "uploads") };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const request = (form: FormData) => new Request("http://local/x", { method: "POST", body: form });
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
};

describe("readMultipart", () => {
  it("parses fields and accepted files, typing each by its content", async () => {
    const docx = await docxBytes();
    const form = multipart({ _csrf: jiang.csrfToken, note: "第三次测量" }, [
      { name: "试验报告.pdf", bytes: PDF },
      { name: "photo.PNG", bytes: PNG },
      { name: "记录.txt", bytes: TXT },
      { name: "data.csv", bytes: CSV },
      { name: "报告.docx", bytes: docx },
    ]);
    const { form: fields, files } = await readMultipart(request(form), jiang, config);
    expect(fields.get("note")).toBe("第三次测量");
    expect(files.map((f) => [f.name, f.type])).toEqual([
      ["试验报告.pdf", "application/pdf"],
      ["photo.PNG", "image/png"],
      ["记录.txt", "text/plain; charset=utf-8"],
      ["data.csv", "text/csv; charset=utf-8"],
      ["报告.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ]);
    expect(Buffer.from(files[0]!.bytes)).toEqual(Buffer.from(PDF));
  });

  it("ignores an empty file input (no file chosen)", async () => {
    const { files } = await readMultipart(request(multipart({ _csrf: jiang.csrfToken }, [{ name: "", bytes: new Uint8Array() }])), jiang, config);
    expect(files).toEqual([]);
  });

  it.each([
    ["an executable renamed to .pdf", "report.pdf", EXE],
    ["an executable", "setup.exe", EXE],
    ["SVG (could script)", "chart.svg", SVG],
    ["HTML", "page.html", HTML],
    ["binary content named .txt", "x.txt", PNG],
    ["a PDF named .png", "x.png", PDF],
    ["no extension", "README", TXT],
  ])("refuses %s with uploadType (415)", async (_label, name, bytes) => {
    const err = await refusal(readMultipart(request(multipart({ _csrf: jiang.csrfToken }, [{ name, bytes }])), jiang, config));
    expect(err.code).toBe("uploadType");
    expect(err.status).toBe(415);
    expect(err.details).toEqual({ name });
  });

  it("refuses a file over the size limit with uploadTooLarge (413)", async () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    big.set(PDF);
    const err = await refusal(readMultipart(request(multipart({ _csrf: jiang.csrfToken }, [{ name: "big.pdf", bytes: big }])), jiang, config));
    expect(err.code).toBe("uploadTooLarge");
    expect(err.status).toBe(413);
  });

  it("refuses a body announced larger than the total limit before reading it", async () => {
    const req = new Request("http://local/x", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(200 * 1024 * 1024) },
      body: "never read",
    });
    expect((await refusal(readMultipart(req, jiang, config))).code).toBe("uploadTooLarge");
  });

  it("refuses more than MAX_FILES files", async () => {
    const files = Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ name: `${i}.txt`, bytes: TXT }));
    const err = await refusal(readMultipart(request(multipart({ _csrf: jiang.csrfToken }, files)), jiang, config));
    expect(err.code).toBe("uploadTooMany");
  });

  it("checks the CSRF token", async () => {
    const err = await readMultipart(request(multipart({ _csrf: "wrong" }, [{ name: "a.pdf", bytes: PDF }])), jiang, config).catch((e) => e);
    expect(err).toBeInstanceOf(Object);
    expect(err.init?.status ?? err.status).toBe(403);
  });
});

describe("storeEvidence and listEvidence", () => {
  it("writes each file once under its hash and inserts rows", () => {
    const stored = db.transaction(() =>
      storeEvidence(db, config, jiang, { type: "indicator_value", id: 999001, projectId: 1 }, [
        { name: "a.pdf", type: "application/pdf", bytes: PDF },
        { name: "same-content.pdf", type: "application/pdf", bytes: PDF },
      ]),
    );
    expect(stored).toHaveLength(2);
    expect(stored[0]!.sha256).toBe(stored[1]!.sha256);
    const file = path.join(config.uploadsDir, stored[0]!.sha256.slice(0, 2), stored[0]!.sha256);
    expect(fs.readFileSync(file)).toEqual(Buffer.from(PDF));
    expect(fs.readdirSync(path.dirname(file))).toEqual([stored[0]!.sha256]); // no temp files left
    expect(stored[0]).toMatchObject({ name: "a.pdf", mime: "application/pdf", size: PDF.byteLength, projectId: 1, uploadedBy: jiang.id, uploaderName: "蒋浩" });
    const listed = listEvidence(db, "indicator_value", [999001, 999002]);
    expect(Object.keys(listed)).toEqual(["999001"]);
    expect(listed[999001]!.map((r) => r.name)).toEqual(["a.pdf", "same-content.pdf"]);
  });

  it("refuses a file whose declared type does not match its extension (no caller can bypass the allowlist)", () => {
    const before = (db.$client.prepare("SELECT count(*) n FROM evidence_files").get() as { n: number }).n;
    expect(() =>
      db.transaction(() => storeEvidence(db, config, jiang, { type: "indicator_value", id: 1, projectId: 1 }, [{ name: "x.html", type: "application/pdf", bytes: PDF }])),
    ).toThrow(DomainError);
    expect((db.$client.prepare("SELECT count(*) n FROM evidence_files").get() as { n: number }).n).toBe(before);
  });

  it("names Chinese files for download with RFC 5987", () => {
    expect(attachmentHeader("试验报告 v2.pdf")).toBe(
      `attachment; filename="____ v2.pdf"; filename*=UTF-8''%E8%AF%95%E9%AA%8C%E6%8A%A5%E5%91%8A%20v2.pdf`,
    );
  });
});
