// /meetings/:id: one meeting as recorded (agenda, attendance, 纪要, decisions with their tasks) and, for
// the secretariat, its form at the version read (a stale save is refused with a way to the current one).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { getMeeting, meetingFormChoices, meetingUpdateSchema, updateMeeting } from "../models/meetings.server";
import { liveBoard } from "../models/boards.server";
import { can } from "../models/permissions";
import { useT } from "../lib/viewer";
import { pageTitle } from "../lib/meta";
import { LiveRefresh } from "../components/dashboard/LiveRefresh";
import { SavedAlert } from "../components/admin/FormAlert";
import { MeetingForm } from "../components/governance/MeetingForm";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "governance.meetingsTitle");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const { db } = context;
  return orErrorPage(actor, () =>
    db.transaction(() => {
      const canEdit = can(actor, "update", "meeting");
      const meeting = getMeeting(db, actor, Number(params.meetingId));
      const choices = meetingFormChoices(db);
      return { meeting, canEdit, choices, today: db.$clock.today(), ...liveBoard(db, actor) };
    }),
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["meeting"]);
  if (post.refused) return post.refused;
  const { actor, form, run } = post;
  form.set("id", params.meetingId ?? ""); // the record is the one in the URL
  return run(meetingUpdateSchema, (v) => updateMeeting(context, actor, v), { keepValues: true });
}

export default function MeetingPage() {
  const { meeting: m, canEdit, choices, today, live, boardId, seq } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const people = new Map(choices.users.map((u) => [u.id, u]));
  const units = new Map(choices.units.map((u) => [u.id, u.name]));
  const lines = (s: string) => s.split("\n").filter((l) => l.trim() !== "");
  return (
    <>
      <SavedAlert text={params.get("created") ? t("governance.meetingCreated") : null} />
      <p>
        <Link to="/meetings">← {t("governance.backToMeetings")}</Link>
      </p>
      <div className="page-head">
        <h1>
          {m.title} <small className="muted">{m.heldOn}</small>
        </h1>
        {live && <LiveRefresh boardId={boardId} seq={seq} />}
      </div>
      <section className="panel" aria-labelledby="meeting-h">
        <h2 id="meeting-h" className="sr-only">
          {m.title}
        </h2>
        <p>
          {t(`organs.${m.organ}` as never)} · {t(`governance.kinds.${m.kind}` as never)}
          {m.place && ` · ${m.place}`} · {t("governance.present", { n: m.presentCount })}
        </p>
        {m.agenda && (
          <>
            <h3>{t("governance.agenda")}</h3>
            <ol>
              {lines(m.agenda).map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ol>
          </>
        )}
        {(m.attendeeIds.length > 0 || m.unitIds.length > 0) && (
          <>
            <h3>{t("governance.attendees")}</h3>
            <p>{m.attendeeIds.map((id) => people.get(id)?.name ?? `#${id}`).join(t("common.listSep"))}</p>
            {m.unitIds.length > 0 && (
              <p className="muted">
                {t("common.labelValue", { label: t("governance.units"), value: m.unitIds.map((id) => units.get(id) ?? `#${id}`).join(t("common.listSep")) })}
              </p>
            )}
          </>
        )}
        {m.summary && (
          <>
            <h3>{t("governance.summary")}</h3>
            <p className="prewrap">{m.summary}</p>
          </>
        )}
        <h3>{t("governance.decisions")}</h3>
        {m.decisions.length === 0 ? (
          <p className="muted">—</p>
        ) : (
          <ol data-testid="meeting-decisions">
            {m.decisions.map((dd) => (
              <li key={dd.id}>
                {dd.text}
                {dd.taskId != null && (
                  <>
                    {" "}
                    <Link to={`/tasks/${dd.taskId}`} className="nowrap">
                      {dd.taskCode} {dd.taskTitle}
                    </Link>
                  </>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      {canEdit && (
        <details className="panel vform" open={last != null || undefined}>
          <summary>{t("common.edit")}</summary>
          <MeetingForm meeting={m} choices={choices} today={today} last={last} />
        </details>
      )}
    </>
  );
}
