// 挂图作战: the consortium's wall chart. The loader reads one consistent snapshot (with the board seq);
// filters live in the URL and are applied in the browser, so changing them never refetches 5,000 rows.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { battleMapData, toPayload } from "../models/battle-map.server";
import { todayIso } from "../lib/today";
import { BattleMap } from "../components/battle-map/BattleMap";
import { translate } from "../i18n/catalog";

export const meta: MetaFunction = () => [{ title: `${translate("zh-CN", "battleMap.title")} · ${translate("zh-CN", "app.name")}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  return { data: orErrorPage(actor, () => toPayload(battleMapData(context.db, actor))), today: todayIso(context.config.today) };
}

/** A filter or zoom change only touches the query string: keep the data (the live board keeps it fresh). */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) =>
  !formMethod && currentUrl.pathname === nextUrl.pathname && currentUrl.search !== nextUrl.search ? false : defaultShouldRevalidate;

export default function BattleMapRoute() {
  const { data, today } = useLoaderData<typeof loader>();
  return <BattleMap data={data} today={today} />;
}
