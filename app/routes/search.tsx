// /search?q=…: everything the reader may read that matches, grouped by kind (the header's search box
// loads the same data for its quick results). A query over the limit is answered with the reason.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireActor } from "../lib/http.server";
import { search, searchSchema } from "../models/search.server";
import { SEARCH_MAX_LENGTH, type SearchResults } from "../models/search";
import { pageTitle } from "../lib/meta";
import { useT } from "../lib/viewer";
import { SearchGroups } from "../components/search/SearchGroups";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "search.title");

export async function loader({ request, context }: LoaderFunctionArgs): Promise<{ results: SearchResults; tooLong: boolean }> {
  const actor = await requireActor(request, context);
  const url = new URL(request.url);
  const parsed = searchSchema.safeParse({ q: url.searchParams.get("q") ?? "" });
  if (!parsed.success) return { results: { query: "", groups: [], capped: false }, tooLong: true };
  const perKind = url.searchParams.get("quick") ? 4 : 50;
  return { results: search(context.db, actor, parsed.data.q, { perKind }), tooLong: false };
}

export default function SearchPage() {
  const { results, tooLong } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <div className="page-head">
        <h1>{t("search.title")}</h1>
      </div>
      <Form method="get" className="search-page-form" role="search">
        <input type="search" name="q" defaultValue={results.query} aria-label={t("search.label")} placeholder={t("search.placeholder")} maxLength={SEARCH_MAX_LENGTH} />
        <button type="submit" className="btn">
          {t("search.label")}
        </button>
      </Form>
      {tooLong ? (
        <div className="alert bad" role="alert">
          {t("search.tooLong", { max: SEARCH_MAX_LENGTH })}
        </div>
      ) : (
        <SearchGroups results={results} />
      )}
    </>
  );
}
