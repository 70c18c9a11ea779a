// The first run of an empty install (SEED_DEMO=0) as its setup page posts it: the one-time token from the
// link the server printed, the consortium and its first admin.
import type { TestServer } from "./server";

/** The setup form's fields for `token`, a Zhejiang consortium and its first admin (zhou / first-admin-1). */
export const setupForm = (token: string, over: Record<string, string> = {}): Record<string, string> => ({
  token,
  name: "浙江省具身智能创新联合体",
  shortName: "具身联合体",
  province: "zhejiang",
  field: "智能控制与先进技术",
  district: "杭州市余杭区",
  foundedOn: "2026-03-01",
  goalStartYear: "2026",
  goalYears: "3",
  timeZone: "Asia/Shanghai",
  displayName: "周管理",
  username: "zhou",
  password: "first-admin-1",
  confirmPassword: "first-admin-1",
  ...over,
});

/** The token of the setup link the server printed while the install is empty. */
export const setupToken = (srv: TestServer) => /token=([\w-]+)/.exec(srv.app.setupPath ?? "")![1]!;

/** The setup page posts without a session: the token is its authority. */
export const postSetup = (srv: TestServer, fields: Record<string, string>) =>
  fetch(`${srv.url}/setup`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
