// 导出任务 (/exports): the signed-in user's export jobs with their progress and download links, kept for a
// day; also what the report page's export list polls, and where its export buttons post (intent start).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import { pageTitle } from "../lib/meta";
import { useT } from "../lib/viewer";
import { reportExportSchema } from "../exports/jobs";
import { reportExport, startExport } from "../exports/report-exports.server";
import { canReadReport } from "../models/report.server";
import { forbidden } from "../models/errors";
import { ExportJobList, useExportJobs } from "../components/exports/ExportJobs";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "exports.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  return { jobs: context.exportJobs.list(actor.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["start"], { defaultIntent: "start" });
  if (post.refused) return post.refused;
  const { actor, run } = post;
  return run(
    reportExportSchema,
    (v) => {
      if (!canReadReport(actor)) throw forbidden();
      return startExport(context.exportJobs, actor, reportExport(context, actor, v.kind, v.year, v.format));
    },
    { returnRow: true },
  );
}

export default function ExportsPage() {
  const { jobs: initial } = useLoaderData<typeof loader>();
  const t = useT();
  const jobs = useExportJobs(initial);
  return (
    <div className="ej-page">
      <div className="page-head">
        <div>
          <h1>{t("exports.title")}</h1>
          <p className="muted">{t("exports.subtitle")}</p>
        </div>
      </div>
      <section className="panel" aria-live="polite">
        <ExportJobList jobs={jobs} />
      </section>
    </div>
  );
}
