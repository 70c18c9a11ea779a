// /admin/channels: the group robots (企业微信 / 钉钉 / 飞书, per unit or for the consortium), whether mail
// is configured, and the delivery log with failed deliveries first, each retryable.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { readIntent } from "../lib/intent-form.server";
import { createRobot, deleteRobot, deliveryLog, DELIVERY_FILTERS, listRobots, retryDelivery, updateRobot } from "../models/outbox.server";
import { deliveryRetrySchema, MAX_ATTEMPTS, robotCreateSchema, robotDeleteSchema, robotUpdateSchema } from "../models/outbox";
import { unitOptions } from "../models/units.server";
import { can } from "../models/permissions";
import { useT } from "../lib/viewer";
import type { IntentReply } from "../lib/intent-form";
import { RobotList } from "../components/channels/RobotList";
import { DeliveryLog } from "../components/channels/DeliveryLog";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  const { db } = context;
  const asked = new URL(request.url).searchParams.get("show");
  const filter = DELIVERY_FILTERS.find((f) => f === asked) ?? "problems";
  return {
    robots: listRobots(db),
    units: unitOptions(db).filter((u) => u.active),
    log: deliveryLog(db, actor, filter),
    filter,
    mailEnabled: Boolean(context.config.mailEnabled),
    canEdit: can(actor, "update", "settings"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["robot-create", "robot-update", "robot-delete", "retry"]);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  switch (intent) {
    case "robot-create":
      return run(robotCreateSchema, (v) => createRobot(context, actor, v), { hideFields: ["secret"] });
    case "robot-update":
      return run(robotUpdateSchema, (v) => updateRobot(context, actor, v), { hideFields: ["secret"] });
    case "robot-delete":
      return run(robotDeleteSchema, (v) => deleteRobot(context, actor, v));
    case "retry":
      return run(deliveryRetrySchema, (v) => retryDelivery(context, actor, v));
  }
}

export default function AdminChannels() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  return (
    <>
      <section className="panel" aria-labelledby="robots-h">
        <h2 id="robots-h">{t("channels.robotsTitle")}</h2>
        <p className="muted">{t("channels.robotsHint")}</p>
        <p>
          <strong>{t("channels.mail")}</strong>: {data.mailEnabled ? t("channels.mailOn") : t("channels.mailOff")}
        </p>
        <RobotList robots={data.robots} units={data.units} reply={reply} canEdit={data.canEdit} />
      </section>
      <section className="panel" aria-labelledby="log-h">
        <h2 id="log-h">{t("channels.logTitle")}</h2>
        <p className="muted">{t("channels.logHint", { max: MAX_ATTEMPTS })}</p>
        <DeliveryLog log={data.log} filter={data.filter} reply={reply} canRetry={data.canEdit} />
      </section>
    </>
  );
}
