// 我的工作: the signed-in front page. One section per role the person holds (app/models/my-work.server.ts),
// each listing what he must do next with a link to where it is done; a researcher records an indicator
// value in place (the indicator pages' action, with photo or file evidence). The figures follow the
// consortium board live and refresh when the person comes back to the tab.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Await, useLoaderData } from "@remix-run/react";
import { Suspense } from "react";
import { requireActor } from "../lib/http.server";
import { chiefFigures, consortiumOverview, myWork, secretariatFigures, type MyWorkSection } from "../models/my-work.server";
import { laterTurn } from "../lib/render-turns";
import { indicatorAction } from "../actions/indicators.server";
import { ROLES, type Role } from "../models/permissions";
import { getConsortium } from "../models/consortium.server";
import { pageTitleFrom } from "../lib/meta";
import { useFormat, useT } from "../lib/viewer";
import { LiveRefresh, RefreshOnReturn } from "../components/dashboard/LiveRefresh";
import { AdminSection, ChiefSection, ExpertSection, ProjectLeadSection, ResearcherSection, SecretariatSection, UnitLeadSection } from "../components/home/MyWorkSections";
import { ConsortiumOverview } from "../components/home/ConsortiumOverview";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const today = context.db.$clock.today();
  const work = myWork(context.db, actor, today, { apart: true });
  // The secretariat's figures (every unit's filing), the chief's (every live task's colour) and the consortium
  // overview (its 200-project list at 20,000 tasks) are read in turns of their own and streamed (issue #17);
  // read after the board's seq, they are never older than what the page says it shows.
  const later = <T,>(section: MyWorkSection, read: () => T) => (work.sections.includes(section) ? laterTurn(context.handoff, read) : null);
  const secretariat = later("secretariat", () => secretariatFigures(context.db, actor, today));
  const chief = later("chief", () => chiefFigures(context.db, actor, today));
  const overview = later("overview", () => consortiumOverview(context.db, actor, today));
  return { ...work, secretariat, chief, overview, profile: getConsortium(context.db) };
}

/** Recording a value from 我的工作 is the indicator pages' own action (one write path, one validation). */
export const action = (args: ActionFunctionArgs) => indicatorAction(args);

/** The roles the title names, in the catalogue's order ("我的工作 · 单位负责人、研究人员"). */
const titleRoles = (roles: readonly Role[]) => ROLES.filter((r) => roles.includes(r));

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitleFrom(matches, (t) => (data?.roles.length ? t("myWork.titleFor", { roles: titleRoles(data.roles).map((r) => t(`roles.${r}`)).join(t("myWork.roleJoin")) }) : t("myWork.title")));

export default function MyWorkPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const fmt = useFormat();
  const roles = titleRoles(d.roles);
  const heading = roles.length ? t("myWork.titleFor", { roles: roles.map((r) => t(`roles.${r}`)).join(t("myWork.roleJoin")) }) : t("myWork.title");
  const sectionTitle = (s: MyWorkSection) => (s === "unitLead" ? t("myWork.sections.unitLead", { unit: d.unitLead?.unitName ?? "" }) : t(`myWork.sections.${s}`));
  return (
    <div className="my-work" data-testid="my-work" data-sections={d.sections.join(" ")}>
      <div className="page-head">
        <div>
          <h1>{heading}</h1>
          <p className="muted">
            {d.profile.shortName || d.profile.name} · {t("myWork.subtitle", { date: fmt.date(d.today, "long") })}
          </p>
        </div>
        {d.live ? <LiveRefresh boardId={d.boardId} seq={d.seq} title={t("myWork.live")} /> : <RefreshOnReturn />}
      </div>
      {d.sections.length > 2 && (
        <nav className="mw-jump" aria-label={t("myWork.sectionsLabel")}>
          {d.sections.map((s) => (
            <a key={s} href={`#mw-${s}`}>
              {sectionTitle(s)}
            </a>
          ))}
        </nav>
      )}
      {d.sections.map((s) => (
        <section key={s} className="panel mw-section" id={`mw-${s}`} aria-labelledby={`mw-${s}-h`} data-section={s}>
          <h2 id={`mw-${s}-h`}>{sectionTitle(s)}</h2>
          {s === "researcher" && d.researcher && <ResearcherSection data={{ ...d.researcher, today: d.today }} />}
          {s === "unitLead" && d.unitLead && <UnitLeadSection data={d.unitLead} />}
          {s === "projectLead" && d.projectLead && <ProjectLeadSection data={d.projectLead} />}
          {s === "expert" && d.expert && <ExpertSection data={d.expert} />}
          {s === "secretariat" && d.secretariat && (
            <Suspense fallback={null}>
              <Await resolve={d.secretariat}>{(data) => data && <SecretariatSection data={data} />}</Await>
            </Suspense>
          )}
          {s === "chief" && d.chief && (
            <Suspense fallback={null}>
              <Await resolve={d.chief}>{(kpis) => kpis && <ChiefSection kpis={kpis} />}</Await>
            </Suspense>
          )}
          {s === "admin" && d.admin && <AdminSection data={d.admin} />}
          {s === "overview" && d.overview && (
            <Suspense fallback={null}>
              <Await resolve={d.overview}>{(o) => <ConsortiumOverview figures={o.figures} goals={o.goals} />}</Await>
            </Suspense>
          )}
        </section>
      ))}
    </div>
  );
}
