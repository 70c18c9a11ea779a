// /admin/organs: the organs' members with their terms (add, edit, end a term) and the consortium's
// yearly and phase goals, for the secretariat; live on the consortium board.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import {
  addGoal,
  addOrganMember,
  endOrganMember,
  goalRemoveSchema,
  goalSchema,
  goalUpdateSchema,
  listGoalRows,
  listOrganMembers,
  organFormChoices,
  organMemberEndSchema,
  organMemberSchema,
  organMemberUpdateSchema,
  removeGoal,
  updateGoal,
  updateOrganMember,
} from "../models/organs.server";
import { getConsortium } from "../models/consortium.server";
import { liveBoard } from "../models/boards.server";
import { ORGANS } from "../models/domain";
import { can } from "../models/permissions";
import { useT } from "../lib/viewer";
import { LiveRefresh } from "../components/dashboard/LiveRefresh";
import { EndTermForm, GoalForm, GoalRemoveForm, MemberForm, PositionList } from "../components/governance/OrganForms";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  const { db } = context;
  return db.transaction(() => {
    const profile = getConsortium(db);
    return {
      members: listOrganMembers(db),
      goals: listGoalRows(db),
      choices: organFormChoices(db),
      period: { start: profile.goalStartYear, years: profile.goalYears },
      today: db.$clock.today(),
      canOrgans: can(actor, "update", "organ"),
      canGoals: can(actor, "update", "goal"),
      canProfile: can(actor, "update", "consortium"),
      ...liveBoard(db, actor),
    };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["member", "memberUpdate", "memberEnd", "goal", "goalUpdate", "goalRemove"]);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  switch (intent) {
    case "member":
      return run(organMemberSchema, (v) => addOrganMember(context, actor, v));
    case "memberUpdate":
      return run(organMemberUpdateSchema, (v) => updateOrganMember(context, actor, v), { keepValues: true });
    case "memberEnd":
      return run(organMemberEndSchema, (v) => endOrganMember(context, actor, v));
    case "goal":
      return run(goalSchema, (v) => addGoal(context, actor, v));
    case "goalUpdate":
      return run(goalUpdateSchema, (v) => updateGoal(context, actor, v), { keepValues: true });
    case "goalRemove":
      return run(goalRemoveSchema, (v) => removeGoal(context, actor, v));
  }
}

export default function Organs() {
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  const end = d.period.start + d.period.years - 1;
  const status = (m: (typeof d.members)[number]) =>
    m.current ? <span className="badge ok">{t("governance.sitting")}</span> : m.sinceOn && m.sinceOn > d.today ? <span className="badge">{t("governance.notYet")}</span> : <span className="badge">{t("governance.ended")}</span>;
  return (
    <>
      <section className="panel" aria-labelledby="organs-h">
        <div className="page-head">
          <h2 id="organs-h">{t("governance.organsTitle")}</h2>
          {d.live && <LiveRefresh boardId={d.boardId} seq={d.seq} />}
        </div>
        <p className="muted">{t("governance.organsHint")}</p>
        {d.members.length === 0 && <p className="empty">{t("governance.noOrgans")}</p>}
        {ORGANS.map((organ) => {
          const rows = d.members.filter((m) => m.organ === organ);
          if (rows.length === 0 && d.members.length === 0) return null;
          return (
            <div key={organ} className="organ-block" data-testid={`organ-${organ}`}>
              <h3>
                {t(`organs.${organ}`)} <small className="muted">{t("governance.count", { n: rows.filter((m) => m.current).length })}</small>
              </h3>
              {rows.length === 0 ? (
                <p className="muted">{t("governance.noMembers")}</p>
              ) : (
                <ul className="milestone-list">
                  {rows.map((m) => (
                    <li key={m.id} data-testid="organ-member" className={m.current ? undefined : "left"}>
                      <details>
                        <summary>
                          <strong>{m.name}</strong>
                          {m.position && <span>{m.position}</span>}
                          {m.unitName && <span className="muted">{m.unitName}</span>}
                          {(m.sinceOn || m.untilOn) && (
                            <span className="nowrap muted">
                              {m.sinceOn ?? "…"} – {m.untilOn ?? "…"}
                            </span>
                          )}
                          {status(m)}
                        </summary>
                        {d.canOrgans && (
                          <>
                            <MemberForm member={m} choices={d.choices} last={last} />
                            {m.untilOn == null && <EndTermForm member={m} today={d.today} last={last} />}
                          </>
                        )}
                      </details>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          );
        })}
        {d.canOrgans && (
          <details className="panel vform" open={d.members.length === 0 || undefined}>
            <summary>{t("governance.addMember")}</summary>
            <PositionList />
            <MemberForm choices={d.choices} last={last} />
          </details>
        )}
      </section>
      <section className="panel" aria-labelledby="goals-h">
        <h2 id="goals-h">{t("governance.goalsTitle")}</h2>
        <div className="row-form">
          <p className="muted">{t("governance.goalsHint", { start: d.period.start, end, years: d.period.years })}</p>
          {d.canProfile && (
            <Link to="/admin" className="btn secondary">
              {t("governance.goalsPeriodLink")}
            </Link>
          )}
        </div>
        {d.goals.length === 0 ? (
          <p className="empty">{t("governance.noGoals")}</p>
        ) : (
          <ul className="milestone-list">
            {d.goals.map((g) => (
              <li key={g.id} data-testid="goal-row">
                <details>
                  <summary>
                    <strong className="nowrap">{g.year}</strong>
                    {g.phase && <span className="nowrap muted">{g.phase}</span>}
                    <span>{g.goal}</span>
                    {(g.year < d.period.start || g.year > end) && <span className="badge warn">{t("governance.outsidePeriod")}</span>}
                  </summary>
                  {d.canGoals && (
                    <>
                      <GoalForm goal={g} defaultYear={g.year} last={last} />
                      <GoalRemoveForm goal={g} last={last} />
                    </>
                  )}
                </details>
              </li>
            ))}
          </ul>
        )}
        {d.canGoals && <GoalForm defaultYear={Math.min(Math.max(Number(d.today.slice(0, 4)), d.period.start), end)} last={last} />}
      </section>
    </>
  );
}
