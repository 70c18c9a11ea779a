// The import's rights over HTTP, against a real server: a researcher and a unit lead are refused (403) the
// upload and the template; the admin imports units and users through the worker and sees each new user's
// one-time password once, in that answer; the secretariat's template holds the task sheets only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { loginCookie, startServer, type TestServer } from "../helpers/server";
import { signIn, type Session } from "../helpers/forms";
import { postImport, workbookBytes } from "../helpers/import-sheets";
import { databaseDigest } from "../helpers/db-fingerprint";

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.close();
});

const post = (session: Session, intent: string, bytes: Uint8Array, digest?: string) => postImport(srv.url, session, intent, bytes, digest);
const template = (session: Session) => fetch(`${srv.url}/import.xlsx`, { headers: { cookie: session.cookie } });

describe("import rights over HTTP", () => {
  it("a researcher and a unit lead are refused the upload and the template, with nothing written", async () => {
    const bytes = await workbookBytes({ users: [{ displayName: "某人", username: "mou_ren", unit: "智元人形", roles: "科研人员", email: "", phone: "" }] });
    for (const username of ["jiang_hao", "wang_jianguo"]) {
      const session = await signIn(srv.url, username, { page: "/import" });
      const before = databaseDigest(srv.app.db);
      const preview = await post(session, "preview", bytes);
      expect(preview.status, username).toBe(403);
      const commit = await post(session, "commit", bytes);
      expect(commit.status, username).toBe(403);
      expect((await template(session)).status, username).toBe(403);
      expect(databaseDigest(srv.app.db)).toBe(before);
    }
  });

  it("the admin imports units and users in the worker and sees each new user's one-time password once", async () => {
    const admin = await signIn(srv.url, "admin", { page: "/import" });
    const bytes = await workbookBytes({
      units: [{ name: "浙江检测认证有限公司", shortName: "检测认证", kind: "服务机构", subKind: "检验检测", creditCode: "", district: "杭州市", contact: "", joinedOn: "2026-11-01" }],
      users: [{ displayName: "钱检测", username: "qian_jc", unit: "检测认证", roles: "科研人员、单位负责人", email: "qian@example.cn", phone: "" }],
    });
    const preview = await post(admin, "preview", bytes);
    expect(preview.status).toBe(200);
    const digest = /name="digest" value="([0-9a-f]+)"/.exec(preview.html)?.[1];
    expect(digest).toBeTruthy();
    const done = await post(admin, "commit", bytes, digest);
    expect(done.status).toBe(200);
    const password = /data-testid="initial-password">([A-Za-z2-9]{12})</.exec(done.html)?.[1];
    expect(password).toBeTruthy();
    const row = srv.app.db.$client.prepare("SELECT u.must_change_password AS must, m.short_name AS unit FROM users u JOIN member_units m ON m.id = u.unit_id WHERE username = 'qian_jc'").get();
    expect(row).toEqual({ must: 1, unit: "检测认证" });
    // Signing in with it works, and every page then leads to choosing his own password.
    const cookie = await loginCookie(srv.url, "qian_jc", password!);
    const home = await fetch(`${srv.url}/`, { headers: { cookie }, redirect: "manual" });
    expect(home.headers.get("location")).toMatch(/\/account/);
    // The same file again changes nothing and shows no password.
    const again = await post(admin, "preview", bytes);
    expect(again.html).not.toContain("initial-password");
    expect(again.html).toContain("无需导入");
  });

  it("each person's template holds the sheets he may import", async () => {
    const sheetsOf = async (username: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await (await template(await signIn(srv.url, username, { page: "/import" }))).arrayBuffer()) as ExcelJS.Buffer);
      return wb.worksheets.filter((w) => w.state !== "hidden").map((w) => w.name);
    };
    expect(await sheetsOf("admin")).toEqual(["成员单位", "用户"]);
    expect(await sheetsOf("mishu")).toEqual(["任务清单", "考核指标"]);
  });
});
