// Search and outbox benchmark (issue #15). Run on demand with `npm run bench:channels`; not part of CI.
//
//   search   the demo padded to 20,000 tasks, 100,000 comments on them (40–90 Chinese characters each) and
//            10,000 notices, all indexed by the triggers; then 2-character, 1-character,
//            mixed and code queries as the chief scientist (everything), an expert (3 of 5 projects) and
//            a researcher: p50 / p95 / max of search() per query, and the cost the index adds to a write.
//   outbox   100 notifications per second for 10 s (each one write transaction: a task update plus
//            enqueueDeliveries for one person: an e-mail and a robot post), while the worker delivers to a
//            real SMTP server and an HTTP robot receiver on loopback: write latency with and without the
//            worker running, deliveries per second, time to drain, event-loop delay.
//
// Knobs: BENCH_TASKS=20000 BENCH_TEXT_ROWS=100000 (comments) BENCH_RATE=100 BENCH_SECONDS=10,
// BENCH_PART=search (only the search half), BENCH_KEEP_DB=/tmp/x.db (pad once into that file and keep it;
// later runs reuse it, for profiling the queries)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

process.env.LOG_LEVEL = "silent";
const { openDatabase } = await import("../../db/client");
const { applyMigrations } = await import("../../db/migrate");
const { seedDemo } = await import("../../db/seed");
const { seedPermissions } = await import("../../app/models/permissions.server");
const { createClock } = await import("../../app/models/clock");
const { search } = await import("../../app/models/search.server");
const { enqueueDeliveries, createRobot } = await import("../../app/models/outbox.server");
const { actorForSession, createSession } = await import("../../app/models/auth.server");
const { createSenders, startOutbox } = await import("../../server/delivery");
const { startRobotReceiver, startSmtp } = await import("../helpers/receivers");

const TASKS = Number(process.env.BENCH_TASKS ?? 20000);
const TEXT_ROWS = Number(process.env.BENCH_TEXT_ROWS ?? 100000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (n: number) => `${n.toFixed(2)} ms`;
const stats = (xs: number[]) => `p50 ${ms(pct(xs, 50))}  p95 ${ms(pct(xs, 95))}  max ${ms(Math.max(...xs))}  (n=${xs.length})`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-channels-"));
const keep = process.env.BENCH_KEEP_DB;
const reuse = keep != null && fs.existsSync(keep);
const dbPath = keep ?? path.join(dir, "bench.db");
const db = openDatabase(dbPath, createClock({ pinnedAt: "2026-11-23T10:00:00+08:00" }));
applyMigrations(db);
if (!reuse) {
  seedPermissions(db);
  await seedDemo(db);
}
const c = db.$client;
const actorOf = (username: string) => {
  const id = (c.prepare("SELECT id FROM users WHERE username = ?").get(username) as { id: number }).id;
  return actorForSession(db, createSession(db, id, "bench").id)!;
};

// ------------------------------------------------------------------------------------ padding
const VOCAB = "谐波减速器柔轮齿形优化设计电机控制驱动关节力矩传感器集成灵巧手视觉导航定位算法样机试验寿命可靠性材料轻量化结构热管理电池能量密度伺服编码器精度标定平台测试验证仿真建模".split("");
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const phrase = (n: number) => Array.from({ length: n }, () => VOCAB[Math.floor(rand() * VOCAB.length)]).join("");
const projects = c.prepare("SELECT id, code FROM projects").all() as { id: number; code: string }[];
const units = (c.prepare("SELECT id FROM member_units").all() as { id: number }[]).map((u) => u.id);
const issuer = (c.prepare("SELECT id FROM users WHERE username = 'mishu'").get() as { id: number }).id;
let t0 = performance.now();
if (!reuse) c.transaction(() => {
  const ins = c.prepare("INSERT INTO tasks (project_id, code, title, description, owner_unit_id, start_on, due_on, status, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '2026-01-01', '2026-12-31', 'not_started', ?, ?, ?)");
  const now = db.$clock.nowIso();
  for (let i = 0; i < TASKS; i++) {
    const p = projects[i % projects.length]!;
    ins.run(p.id, `${p.code.slice(-5)}-B${String(i).padStart(5, "0")}`, phrase(8 + Math.floor(rand() * 10)), phrase(30 + Math.floor(rand() * 60)), units[i % units.length]!, `b${String(i).padStart(6, "0")}`, now, now);
  }
})();
const taskIds = (c.prepare("SELECT id FROM tasks").all() as { id: number }[]).map((t) => t.id);
const authors = (c.prepare("SELECT id FROM users WHERE active = 1").all() as { id: number }[]).map((u) => u.id);
if (!reuse) c.transaction(() => {
  const ins = c.prepare("INSERT INTO comments (entity, entity_id, author_id, body, created_at) VALUES ('task', ?, ?, ?, ?)");
  const now = db.$clock.nowIso();
  for (let i = 0; i < TEXT_ROWS; i++) ins.run(taskIds[(i * 7919) % taskIds.length]!, authors[i % authors.length]!, phrase(40 + Math.floor(rand() * 50)), now);
})();
if (!reuse) c.transaction(() => {
  const ins = c.prepare("INSERT INTO notices (task_id, unit_id, kind, body, respond_by, issued_by, issued_at, status) VALUES (?, ?, 'reminder', ?, '2026-12-31', ?, ?, 'closed')");
  const now = db.$clock.nowIso();
  for (let i = 0; i < TEXT_ROWS / 10; i++) ins.run(taskIds[i % taskIds.length]!, units[i % units.length]!, phrase(40 + Math.floor(rand() * 50)), issuer, now);
})();
const indexed = c.prepare("SELECT count(*) AS n FROM search_index").get() as { n: number };
console.log(`padded: ${TASKS} tasks + ${TEXT_ROWS} comments + ${TEXT_ROWS / 10} notices in ${((performance.now() - t0) / 1000).toFixed(1)} s (triggers included); index rows ${indexed.n}; file ${(fs.statSync(dbPath).size / 1e6).toFixed(0)} MB`);

// ------------------------------------------------------------------------------------ search
const QUERIES = ["电机", "减速", "柔轮", "传感", "样机", "寿命试验", "谐波减速器", "轻量化结构", "机", "器", "RX01", "rx01-t03", "RX02 电机", "01-B00042", "精度 标定", "不存在的词语"];
console.log("\nsearch()  per query, 10 rounds of", QUERIES.length, "queries");
for (const who of ["shouxi", "zhuanjia2", "jiang_hao"]) {
  const actor = actorOf(who);
  const times: number[] = [];
  let found = 0;
  for (let round = 0; round < 10; round++) {
    for (const q of QUERIES) {
      t0 = performance.now();
      const r = search(db, actor, q, { perKind: 5 });
      times.push(performance.now() - t0);
      found += r.groups.reduce((n, g) => n + g.total, 0);
    }
  }
  console.log(`  ${who.padEnd(10)} ${stats(times)}  matches per query ~${Math.round(found / times.length)}`);
}
const perQuery = QUERIES.map((q) => {
  const actor = actorOf("shouxi");
  const xs = Array.from({ length: 10 }, () => {
    const s = performance.now();
    search(db, actor, q, { perKind: 50 });
    return performance.now() - s;
  });
  return `${q}=${pct(xs, 50).toFixed(1)}`;
});
console.log("  full page (50 per kind), median ms by query:", perQuery.join("  "));

// What the index adds to a write: a title update with and without the trigger.
const upd = c.prepare("UPDATE tasks SET title = ? WHERE id = ?");
const timeUpdates = () => {
  const xs: number[] = [];
  for (let i = 0; i < 500; i++) {
    const s = performance.now();
    c.transaction(() => upd.run(phrase(12), taskIds[i]!))();
    xs.push(performance.now() - s);
  }
  return xs;
};
const withIndex = timeUpdates();
const trigger = (c.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_tasks_au'").get() as { sql: string }).sql;
c.exec("DROP TRIGGER search_tasks_au");
const without = timeUpdates();
c.exec(trigger);
console.log(`\ntask title update (one transaction, synchronous=FULL): with index ${stats(withIndex)}\n                                                   without     ${stats(without)}`);

// ------------------------------------------------------------------------------------ outbox
if (process.env.BENCH_PART === "search") {
  c.close();
  fs.rmSync(dir, { recursive: true, force: true }); // a BENCH_KEEP_DB file lies elsewhere and stays
  process.exit(0);
}
const smtp = await startSmtp();
const robots = await startRobotReceiver({ dingtalk: "x", feishu: "y" });
const ctx = { db, realtime: { publish() {}, flush() {}, evictUser() {}, notifyUsers() {} }, config: { sessionSecret: "b", secureCookies: false, dataDir: dir, uploadsDir: dir, mailEnabled: true, publicOrigin: "https://gzt.example.cn" } };
createRobot(ctx, actorOf("admin"), { platform: "wecom", unitId: 0, name: "bench", webhookUrl: `${robots.origin}/wecom/send?key=b`, secret: "", allowPrivate: true, active: true });
const people = (c.prepare("SELECT id FROM users WHERE email != '' AND active = 1").all() as { id: number }[]).map((u) => u.id);
let n = 0;
const write = () => {
  const s = performance.now();
  const i = n++;
  db.transaction(() => {
    upd.run(`通知压测${i}`, taskIds[i % taskIds.length]!);
    enqueueDeliveries(ctx, { userId: people[i % people.length]!, kind: "notice", eventKey: `bench:${i}`, subject: `【提示】压测 ${i}`, body: "减速器寿命试验进度提示", href: "/notices", unitId: null });
  });
  return performance.now() - s;
};
const produce = async () => {
  const xs: number[] = [];
  const start = performance.now();
  for (let k = 0; k < RATE * SECONDS; k++) {
    const due = start + (k * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    xs.push(write());
  }
  return { xs, seconds: (performance.now() - start) / 1000 };
};

const idle = await produce();
const backlog = (c.prepare("SELECT count(*) AS n FROM deliveries WHERE status = 'pending'").get() as { n: number }).n;
console.log(`\noutbox: ${RATE}/s for ${SECONDS} s without the worker: write ${stats(idle.xs)}; queued ${backlog} deliveries`);

// Now with the worker: a real (unpinned) clock for it, polling every 200 ms.
const live = openDatabase(path.join(dir, "bench.db"), createClock());
const senders = createSenders({ host: "127.0.0.1", port: smtp.port, secure: false, user: "", pass: "", from: "bench <b@example.cn>" });
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const workStart = performance.now();
const stop = startOutbox(live, senders, 200, () => () => {});
const busy = await produce();
const pending = () => (c.prepare("SELECT count(*) AS n FROM deliveries WHERE status IN ('pending','sending')").get() as { n: number }).n;
while (pending() > 0) await new Promise((r) => setTimeout(r, 100));
const drained = (performance.now() - workStart) / 1000;
loop.disable();
stop();
const sent = (c.prepare("SELECT count(*) AS n FROM deliveries WHERE status = 'sent'").get() as { n: number }).n;
console.log(`outbox: ${RATE}/s for ${SECONDS} s with the worker:    write ${stats(busy.xs)}`);
console.log(`        delivered ${sent} (mail received ${smtp.mails.length}, robot posts ${robots.posts.length}) in ${drained.toFixed(1)} s = ${(sent / drained).toFixed(0)} deliveries/s; event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`);
await Promise.all([smtp.close(), robots.close()]);
live.$client.close();
c.close();
fs.rmSync(dir, { recursive: true, force: true });
