// 导入任务清单 (/import): download the template (or the current list in its format), upload a workbook,
// see per row what would be created, updated, left alone or refused and every error by row and column,
// then confirm. Reading and checking run in a worker thread (import-plan.server.ts); the confirm uploads
// the same file again, is re-checked and committed in a worker (import.server.ts `confirmImport`) only if
// the plan is still the one previewed, so the server's event loop never holds the import's transaction.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { pageTitle } from "../lib/meta";
import { useT, useViewer } from "../lib/viewer";
import { Csrf } from "../components/form/Field";
import { ImportPreviewTable } from "../components/import/ImportPreview";
import { DomainError, forbidden } from "../models/errors";
import { EVIDENCE_FIELD } from "../models/evidence";
import { finishImport, importableSheets, type ImportResult } from "../models/import.server";
import type { ImportPreview } from "../models/import-view";
import { ImportPasswords } from "../components/import/ImportPasswords";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "import.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  return { sheets: importableSheets(actor) };
}

const importSchema = z.object({ digest: z.string().max(64).optional() });
export type ImportReply = { preview: ImportPreview; changed?: boolean; result?: ImportResult };

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["preview", "commit"], { uploads: "preview" });
  if (post.refused) return post.refused;
  const { actor, intent, files, run } = post;
  return run(
    importSchema,
    async (v): Promise<ImportReply> => {
      if (!importableSheets(actor).length) throw forbidden();
      const file = files[0];
      if (!file) throw new DomainError("invalid", 400);
      const input = { actor, fileName: file.name, bytes: file.bytes };
      if (intent === "preview") return { preview: await context.workers.run(context.db.$clock, { kind: "import-preview", input }) };
      // Planned again and committed in a worker, only if it is still what the user confirmed (else he sees
      // the new preview); the events are published here, on the thread that holds the sockets.
      const { publicOrigin, internalOrigin, mailEnabled } = context.config;
      const { preview, committed } = await context.workers.run(context.db.$clock, { kind: "import-confirm", input: { ...input, digest: v.digest, delivery: { publicOrigin, internalOrigin, mailEnabled } } });
      if (!committed) return { preview, changed: true };
      return { preview, result: finishImport(context, committed) };
    },
    { returnRow: true, keepValues: true },
  );
}

export default function ImportPage() {
  const { sheets } = useLoaderData<typeof loader>();
  const t = useT();
  const viewer = useViewer();
  const reply = useActionData<typeof action>() as IntentReply<ImportReply> | undefined;
  const nav = useNavigation();
  const busy = nav.state === "submitting" ? String(nav.formData?.get("intent") ?? "") : "";
  const data = reply?.done ? reply.row : undefined;
  const preview = data?.preview;
  // The admin's import is of units and users; the secretariat's and project leads' of the task list.
  const people = sheets.length > 0 && !sheets.includes("tasks");
  const ready = preview && !preview.issueCount && !data?.result && preview.counts.create + preview.counts.update > 0;
  return (
    <div className="imp-page">
      <div className="page-head">
        <div>
          <h1>{t(people ? "import.titlePeople" : "import.title")}</h1>
          <p className="muted imp-intro">{t(people ? "import.introPeople" : "import.intro")}</p>
          {sheets.length ? <p className="muted imp-intro">{t("import.sheetsYouMay", { sheets: sheets.map((k) => t(`import.sheets.${k}`)).join(t("common.listSep")) })}</p> : null}
        </div>
      </div>
      {!sheets.length ? (
        <div className="alert warn">{t("import.forbidden")}</div>
      ) : (
        <>
          <section className="panel imp-files">
            <div className="imp-downloads">
              <a className="btn secondary" href="/import.xlsx" download>
                {t("import.template")}
              </a>
              <a className="btn secondary" href="/import.xlsx?current=1" download title={people ? undefined : t("import.currentHint")}>
                {t(people ? "import.currentPeople" : "import.current")}
              </a>
            </div>
            <Form method="post" encType="multipart/form-data" className="form imp-upload" aria-busy={busy !== ""}>
              <Csrf token={viewer.csrfToken} />
              {preview?.digest ? <input type="hidden" name="digest" value={preview.digest} /> : null}
              <div className="field">
                <label htmlFor="imp-file">{t("import.file")}</label>
                <input id="imp-file" name={EVIDENCE_FIELD} type="file" required accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
              </div>
              <div className="imp-actions">
                <button className="btn" type="submit" name="intent" value="preview" disabled={busy !== ""}>
                  {busy === "preview" ? t("import.previewing") : t("import.preview")}
                </button>
                {ready ? (
                  <button className="btn primary" type="submit" name="intent" value="commit" disabled={busy !== ""}>
                    {busy === "commit" ? t("import.confirming") : t("import.confirm")}
                  </button>
                ) : null}
              </div>
            </Form>
          </section>
          <div aria-live="polite">
            {reply && !reply.done && reply.formError ? (
              <div className="alert bad" role="alert">
                {reply.formError}
              </div>
            ) : null}
            {data?.changed ? (
              <div className="alert warn" role="alert">
                {t("errors.importChanged")}
              </div>
            ) : null}
            {data?.result ? (
              <div className="alert ok" role="status">
                {t("import.doneTitle")}
                {sheets.includes("units") || sheets.includes("users") ? `${t("import.donePeople", { uc: data.result.units.created, uu: data.result.units.updated, pc: data.result.users.created, pu: data.result.users.updated })} ` : null}
                {sheets.includes("tasks") ? (
                  <>
                    {t("import.done", { tc: data.result.tasks.created, tu: data.result.tasks.updated, ic: data.result.indicators.created, iu: data.result.indicators.updated })} <Link to="/board">{t("import.openBoard")}</Link>
                  </>
                ) : null}
              </div>
            ) : null}
            {data?.result?.users.passwords.length ? <ImportPasswords passwords={data.result.users.passwords} /> : null}
          </div>
          {preview ? <ImportPreviewTable preview={preview} committed={Boolean(data?.result)} /> : null}
        </>
      )}
    </div>
  );
}
