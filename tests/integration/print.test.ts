// Printing the battle map: a real server, a real headless Chromium opening the map with the requester's
// session, and the files read back (pdftotext for the PDF, the PNG signature and size).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie, startServer, type TestServer } from "../helpers/server";

let srv: TestServer;
let cookie: string;

beforeAll(async () => {
  srv = await startServer();
  cookie = await loginCookie(srv.url, "mishu");
});
afterAll(async () => {
  await srv.close();
});

describe("printing the battle map", () => {
  it("returns an A3 landscape PDF of the map with its title and tasks, keeping the filters", async () => {
    const print = async (query: string) => {
      const res = await fetch(`${srv.url}/battle-map.pdf${query}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
      const file = path.join(srv.dir, "map.pdf");
      fs.writeFileSync(file, pdf);
      return { file, text: execFileSync("pdftotext", ["-layout", file, "-"]).toString() };
    };
    const all = await print("?zoom=quarter");
    expect(all.text).toContain("挂图作战");
    // Filtered to 驰动伺服's tasks: what is printed is what the requester sees (the map's rows are
    // virtualised, so compare with another unit's task that the unfiltered print did show).
    const unit = (srv.app.db.$client.prepare("SELECT owner_unit_id AS u FROM tasks WHERE code = 'RX01-T07'").get() as { u: number }).u;
    const others = srv.app.db.$client.prepare("SELECT code FROM tasks WHERE owner_unit_id != ?").all(unit) as { code: string }[];
    const shownOther = others.find((o) => all.text.includes(o.code))?.code;
    expect(shownOther).toBeTruthy();
    const { file, text } = await print(`?unit=${unit}&zoom=quarter`);
    expect(text).toContain("RX01-T07");
    expect(text).not.toContain(shownOther);
    // A3 landscape (Chromium rounds to whole pixels: 1191.12 × 842.88 pt), wider than high.
    const info = execFileSync("pdfinfo", [file]).toString();
    expect(info).toMatch(/Page size:\s+1191\.\d+ x 842\.\d+ pts \(A3\)/);
    expect(info).toMatch(/Pages:\s+1\n/);
  }, 60_000);

  it("prints EVERY row of a filtered view, not only the first screen: pages follow each other under a repeated time header", async () => {
    // 80 more tasks for one unit: far more rows than one screen of the (virtualised) map.
    const c = srv.app.db.$client;
    const unit = (c.prepare("SELECT id FROM member_units WHERE short_name = '恒能锂电'").get() as { id: number }).id;
    const project = (c.prepare("SELECT project_id AS p FROM tasks WHERE owner_unit_id = ? LIMIT 1").get(unit) as { p: number }).p;
    const insert = c.prepare(
      "INSERT INTO tasks (project_id, code, title, owner_unit_id, start_on, due_on, status, position, progress, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'in_progress', ?, 20, @now, @now)",
    );
    c.transaction(() => {
      for (let i = 1; i <= 80; i++) {
        const start = new Date(Date.UTC(2026, 0, 1) + i * 3 * 86_400_000).toISOString().slice(0, 10);
        insert.run(project, `PRT-${String(i).padStart(3, "0")}`, `打印分页验证任务${i}`, unit, start, "2027-06-30", `zzprint${String(i).padStart(3, "0")}`, { now: srv.app.db.$clock.nowIso() });
      }
    })();
    const res = await fetch(`${srv.url}/battle-map.pdf?unit=${unit}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const file = path.join(srv.dir, "rows.pdf");
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    // The first and the LAST row (latest start: the lane's last) are both printed, and all between.
    expect(text).toContain("PRT-001");
    expect(text).toContain("PRT-080");
    for (let i = 1; i <= 80; i++) expect(text).toContain(`PRT-${String(i).padStart(3, "0")}`);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file]).toString())![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    // The time header (its corner cell) is repeated at the top of every page.
    const perPage = execFileSync("pdftotext", ["-layout", file, "-"]).toString().split("\f").filter((p) => p.trim());
    expect(perPage).toHaveLength(pages);
    for (const page of perPage) expect(page).toContain("承担单位 / 任务");
    // Rows are whole on a page: a code never splits from its title.
    expect(text).toMatch(/PRT-080\s+打印分页验证任务80/);
  }, 60_000);

  it("returns a PNG screenshot; concurrent prints queue up and all succeed", async () => {
    const [res, other] = await Promise.all([
      fetch(`${srv.url}/battle-map.png`, { headers: { cookie } }),
      fetch(`${srv.url}/battle-map.png?zoom=week`, { headers: { cookie } }),
    ]);
    expect(other.status).toBe(200);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1600); // width from the IHDR chunk
  }, 60_000);

  it("sends an unauthenticated request to the login page, without launching a browser", async () => {
    const res = await fetch(`${srv.url}/battle-map.pdf?unit=3`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent("/battle-map.pdf?unit=3")}`);
  });
});
