// 挂图作战 as a PNG screenshot: the map page as the requester sees it (same filters and zoom),
// in its print view: every filtered row, paginated under a repeated time header.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { printResponse } from "../exports/print.server";

export const loader = ({ request, context }: LoaderFunctionArgs) =>
  printResponse(request, context, { pagePath: "/battle-map", format: "png", readySelector: '[data-testid="battle-map"]', filename: "battle-map", query: { print: "1" } });
