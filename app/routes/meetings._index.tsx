// /meetings: the organs' meetings, newest first, for readers of the report; the secretariat records a new
// one here (then lands on its page). Live on the consortium board.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { createMeeting, listMeetings, meetingFormChoices, meetingSchema } from "../models/meetings.server";
import { liveBoard } from "../models/boards.server";
import { can } from "../models/permissions";
import { useT } from "../lib/viewer";
import { pageTitle } from "../lib/meta";
import { LiveRefresh } from "../components/dashboard/LiveRefresh";
import { MeetingForm } from "../components/governance/MeetingForm";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "governance.meetingsTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const { db } = context;
  return orErrorPage(actor, () =>
    db.transaction(() => {
      const canEdit = can(actor, "update", "meeting");
      return { meetings: listMeetings(db, actor), canEdit, choices: canEdit ? meetingFormChoices(db) : null, today: db.$clock.today(), ...liveBoard(db, actor) };
    }),
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["meeting"]);
  if (post.refused) return post.refused;
  const { actor, run } = post;
  return run(meetingSchema, (v) => redirect(`/meetings/${createMeeting(context, actor, v).id}?created=1`));
}

export default function Meetings() {
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  return (
    <>
      <div className="page-head">
        <h1>{t("governance.meetingsTitle")}</h1>
        {d.live && <LiveRefresh boardId={d.boardId} seq={d.seq} />}
      </div>
      <p className="muted">{t("governance.meetingsHint")}</p>
      {d.meetings.length === 0 ? (
        <p className="empty">
          {t("governance.noMeetings")} {!d.canEdit && t("governance.noMeetingsAsk")}
        </p>
      ) : (
        <ul className="milestone-list" data-testid="meeting-list">
          {d.meetings.map((m) => (
            <li key={m.id} className="meeting-item">
              <span className="nowrap muted">{m.heldOn}</span>
              <Link to={`/meetings/${m.id}`}>
                <strong>{m.title}</strong>
              </Link>
              <span className="muted">
                {t(`organs.${m.organ}` as never)} · {t(`governance.kinds.${m.kind}` as never)}
                {m.presentCount > 0 && ` · ${t("governance.present", { n: m.presentCount })}`}
                {m.decisions > 0 && ` · ${t("governance.decisionCount", { n: m.decisions })}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {d.canEdit && d.choices && (
        <details className="panel vform" open={d.meetings.length === 0 || last != null || undefined}>
          <summary>{t("governance.newMeeting")}</summary>
          <MeetingForm choices={d.choices} today={d.today} last={last} />
        </details>
      )}
    </>
  );
}
