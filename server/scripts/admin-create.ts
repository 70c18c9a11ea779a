// `npm run admin:create -- --name 张三 [--username admin]`: an administrator for a headless server, with a
// one-time password printed here that must be changed at the first sign-in. On an install without a
// consortium it creates that too (then --consortium, --district, --founded-on, --goal-start-year are
// needed), which completes the first run like the setup link. Also the way back in when every admin
// forgot his password. Safe beside the running server (one write transaction).
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import * as z from "zod";
import { openDatabase } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { clockFromEnv } from "../../app/models/clock";
import { seedPermissions } from "../../app/models/permissions.server";
import { silentRealtime } from "../../app/models/context.server";
import { createAdminAccount } from "../../app/models/setup.server";
import { setupConsortiumSchema } from "../../app/models/setup";
import { userCreateSchema } from "../../app/models/users";
import { DomainError } from "../../app/models/errors";
import { parseMessage } from "../../app/models/validation";
import { translate } from "../../app/i18n/catalog";
import { loadConfig } from "../config";

const HELP = `用法 (usage): npm run admin:create -- --name <姓名> [--username <登录名>]
  在没有联合体的新安装上还需 (on an install without a consortium, also):
  --consortium <联合体名称> --district <所在地> --founded-on <YYYY-MM-DD> --goal-start-year <YYYY>
  [--short-name <简称>] [--province zhejiang|jiangsu] [--field <领域>] [--goal-years 3] [--time-zone Asia/Shanghai]
打印一次性密码，首次登录时必须修改 (prints a one-time password, to be changed at the first sign-in).
DATABASE_PATH 指定数据库 (default data/consortium.db).`;

const { values } = parseArgs({
  options: {
    help: { type: "boolean" },
    name: { type: "string" },
    username: { type: "string", default: "admin" },
    consortium: { type: "string" },
    "short-name": { type: "string", default: "" },
    province: { type: "string", default: "zhejiang" },
    field: { type: "string", default: "智能计算与人工智能" },
    district: { type: "string" },
    "founded-on": { type: "string" },
    "goal-start-year": { type: "string" },
    "goal-years": { type: "string", default: "3" },
    "time-zone": { type: "string", default: "Asia/Shanghai" },
  },
});

function fail(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

/** A zod refusal as the Chinese sentences the forms show, one per field. */
function explain(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const { key, params } = parseMessage(i.message);
      return `  --${String(i.path[0] ?? "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${translate("zh-CN", key, params)}`;
    })
    .join("\n");
}

if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const password = randomBytes(9).toString("base64url");
const admin = userCreateSchema.pick({ username: true, displayName: true, password: true }).safeParse({ username: values.username, displayName: values.name, password });
if (!admin.success) fail(explain(admin.error).replace("--display-name", "--name"));
const consortium = values.consortium
  ? setupConsortiumSchema.safeParse({
      name: values.consortium,
      shortName: values["short-name"],
      province: values.province,
      field: values.field,
      district: values.district,
      foundedOn: values["founded-on"],
      goalStartYear: Number(values["goal-start-year"]),
      goalYears: Number(values["goal-years"]),
      timeZone: values["time-zone"],
    })
  : null;
if (consortium && !consortium.success) fail(explain(consortium.error).replace("--name", "--consortium"));

const { databasePath } = loadConfig();
fs.mkdirSync(path.dirname(databasePath), { recursive: true });
const db = openDatabase(databasePath, clockFromEnv());
try {
  applyMigrations(db);
  seedPermissions(db);
  await createAdminAccount({ db, realtime: silentRealtime, config: { sessionSecret: "", secureCookies: false, dataDir: "", uploadsDir: "" } }, { ...admin.data, consortium: consortium?.data });
  console.log(`已创建系统管理员 (administrator created): ${admin.data.username}\n一次性密码 (one-time password): ${password}\n首次登录后须修改密码 (must be changed at the first sign-in).`);
} catch (err) {
  if (err instanceof DomainError) fail(translate("zh-CN", `errors.${err.code}`));
  throw err;
} finally {
  db.$client.close();
}
