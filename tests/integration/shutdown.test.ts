// Closing the server right after a write: the write's publish waits for the disk (group commit) and must
// land before the database closes, never as an error after it (an unhandled rejection would end the
// server's process in production).
import { afterEach, beforeEach, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers/server";
import { actor } from "../helpers/db";
import { recordValue } from "../../app/models/indicator-writes.server";

let srv: TestServer;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
beforeEach(async () => {
  rejections.length = 0;
  process.on("unhandledRejection", onRejection);
  srv = await startServer();
});
afterEach(() => {
  process.off("unhandledRejection", onRejection);
});

it("a write made just before close is published before the database closes, with no error after", async () => {
  const { id, indicatorId } = srv.app.db.$client
    .prepare("SELECT t.id, i.id AS indicatorId FROM tasks t JOIN indicators i ON i.task_id = t.id JOIN users u ON u.id = t.owner_user_id WHERE u.username = 'jiang_hao' LIMIT 1")
    .get() as { id: number; indicatorId: number };
  expect(id).toBeGreaterThan(0);
  const published: string[] = [];
  const realPublish = srv.app.ctx.realtime.publish.bind(srv.app.ctx.realtime);
  srv.app.ctx.realtime.publish = (events) => {
    published.push(...events.map((e) => e.type));
    realPublish(events);
  };
  recordValue(srv.app.ctx, actor(srv.app.db, "jiang_hao"), { indicatorId, value: 1, measuredOn: "2026-11-20", note: "关机前", confirmJump: true }, []);
  await srv.close();
  expect(srv.app.db.$client.open).toBe(false);
  expect(published).toContain("indicator.upserted");
  // Let any late promise settle: none may reject.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(rejections).toEqual([]);
});
