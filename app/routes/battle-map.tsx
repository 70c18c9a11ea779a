// 挂图作战: the consortium's wall chart. The loader reads one consistent snapshot (with the board seq);
// filters live in the URL and are applied in the browser, so changing them never refetches 5,000 rows.
// The one write posted here: saving a milestone's deadline from the 倒排工期 panel (the map itself
// then moves with the "milestone.upserted" event, like every other open map).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import { battleMapData } from "../models/battle-map.server";
import { toPayload } from "../models/battle-map-wire";
import { milestoneDueSchema, SAVE_DUE_INTENT } from "../models/milestones";
import { updateMilestoneDue } from "../models/milestones.server";
import { BattleMap } from "../components/battle-map/BattleMap";
import { pageTitle } from "../lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "battleMap.title");

/** Lets other requests (and socket events) run between the steps of a 5,000-row page. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  // Three short turns of the event loop rather than one long one: read, then encode (then Remix
  // encodes and React renders, each in its own turn). See tests/bench/battle-map.ts.
  await yieldToEventLoop();
  const data = orErrorPage(actor, () => battleMapData(context.db, actor));
  await yieldToEventLoop();
  // This request's server render draws from the rows themselves, not from the JSON made of them.
  context.handoff.battleMapRows = data.tasks;
  return { data: toPayload(data), today: context.db.$clock.today() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, [SAVE_DUE_INTENT]);
  if (post.refused) return post.refused;
  const { actor, run } = post;
  // The saved row goes back at once: the panel shows it before the board's event arrives.
  return run(milestoneDueSchema, (v) => updateMilestoneDue(context, actor, v), { keepValues: true, returnRow: true });
}

/**
 * A filter or zoom change only touches the query string, and a saved milestone arrives as a live event:
 * keep the data either way (the live board keeps it fresh) rather than refetch 5,000 rows.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, formData, defaultShouldRevalidate }) => {
  if (formMethod && formData?.get("intent") === SAVE_DUE_INTENT) return false;
  return !formMethod && currentUrl.pathname === nextUrl.pathname && currentUrl.search !== nextUrl.search ? false : defaultShouldRevalidate;
};

export default function BattleMapRoute() {
  const { data, today } = useLoaderData<typeof loader>();
  return <BattleMap data={data} today={today} />;
}
