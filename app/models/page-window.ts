// Long lists shown as a window: the page carries the first `page` rows and a plain "更多" link (keyboard,
// touch, no script) asks for the next ones through a number in the query string. Shared by the pages that
// window their lists (key tasks, the dashboards' units, the indicator overview).

/** The window's size from a query parameter: at least one page, at most 100,000 rows; anything else reads as one page. */
export function windowSize(param: string | null, page: number): number {
  const n = param && /^\d{1,9}$/.test(param) ? Number(param) : null;
  return n == null ? page : Math.min(Math.max(n, page), 100_000);
}
