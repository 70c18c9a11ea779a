// 挂图作战: the consortium's wall chart. The loader reads one consistent snapshot (with the board seq) of the
// window the URL's filters select (battle-map.server.ts): a filter, 更多 or 倒排工期 refetches it; the zoom
// and 我的单位 only redraw.
// The one write posted here: saving a milestone's deadline from the 倒排工期 panel (the map itself
// then moves with the "milestone.upserted" event, like every other open map).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import { battleMapData } from "../models/battle-map.server";
import { toPayload } from "../models/battle-map-wire";
import { isPrintView, parseFilters, windowKey } from "../models/battle-map";
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
  const params = new URL(request.url).searchParams;
  const data = orErrorPage(actor, () => battleMapData(context.db, actor, { filters: parseFilters(params), print: isPrintView(params) }));
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
 * A zoom or 我的单位 change only redraws, and a saved milestone arrives as a live event: keep the data then
 * (the live board keeps it fresh). A change of what the server selects (filters, 更多, 倒排工期) reads the window
 * again, and so does the live board's reload (a bulk write such as an import: the same URL, revalidated).
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, formData, defaultShouldRevalidate }) => {
  if (formMethod && formData?.get("intent") === SAVE_DUE_INTENT) return false;
  if (formMethod || currentUrl.href === nextUrl.href) return defaultShouldRevalidate;
  const same = (u: URL) => windowKey(parseFilters(u.searchParams)) + (isPrintView(u.searchParams) ? "&print" : "");
  return currentUrl.pathname === nextUrl.pathname && same(currentUrl) === same(nextUrl) ? false : defaultShouldRevalidate;
};

export default function BattleMapRoute() {
  const { data, today } = useLoaderData<typeof loader>();
  return <BattleMap data={data} today={today} />;
}
