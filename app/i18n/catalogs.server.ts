// Both message catalogues, for everything that runs on the server (pages rendered there, mails, exports,
// workers, tests). The browser build empties *.server modules, so a page's JavaScript carries no
// catalogue: the browser fetches only its reader's language (catalog-asset.server.ts, i18n/load.client.ts).
import type { Locale } from "./catalog";
import { zhCN, type Messages } from "./zh-CN";
import { en } from "./en";

export const serverCatalogs: Record<Locale, Messages> = { "zh-CN": zhCN, en };
