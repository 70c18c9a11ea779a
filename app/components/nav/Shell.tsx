// The page frame of a signed-in user: the top bar (brand, main navigation, the tools slot, bells, the
// user) and the main area. Under 900 px the navigation folds into a 菜单 button that opens it as a
// panel (Escape or following a link closes it). The tools slot is where small self-contained header
// parts (an inbox link, a search box) go: it shrinks on a desktop bar and takes its own row on a phone,
// so adding one does not push the rest off the screen.
import { Form, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useCan, useRootData, useT, type Viewer } from "../../lib/viewer";
import { NoticeBell } from "../notices/NoticeBell";
import { CheckBell } from "../checks/CheckBell";
import { NavGroup } from "./NavGroup";
import { useScrollRegions } from "../ui/use-scroll-regions";

export function Shell({ children, tools }: { children: ReactNode; tools?: ReactNode }) {
  const { viewer, consortiumName, pendingNotices, pendingChecks } = useRootData();
  const t = useT();
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  const navId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const main = useRef<HTMLElement>(null);
  useScrollRegions(main, t("shell.scrollRegion"), t("shell.tableRegion"));
  useEffect(() => setMenuOpen(false), [pathname]);
  if (!viewer) return <>{children}</>;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header
        className={`topbar${menuOpen ? " menu-open" : ""}`}
        onKeyDown={(e) => {
          if (e.key === "Escape" && menuOpen) {
            setMenuOpen(false);
            button.current?.focus();
          }
        }}
      >
        <button
          ref={button}
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls={navId}
          onClick={() => setMenuOpen((o) => !o)}
          data-testid="menu-button"
        >
          <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden fill="none" stroke="currentColor" strokeWidth="2">
            {menuOpen ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
          </svg>
          <span>{menuOpen ? t("shell.closeMenu") : t("shell.menu")}</span>
        </button>
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            联
          </span>
          <span className="brand-text">
            <strong>{consortiumName}</strong>
            <small>{t("app.name")}</small>
          </span>
        </div>
        <MainNav id={navId} viewer={viewer} />
        <div className="topbar-tools" data-testid="header-tools">
          {tools}
        </div>
        <div className="usermenu">
          <NoticeBell count={pendingNotices ?? 0} />
          <CheckBell count={pendingChecks ?? 0} to={viewer.roles.includes("observer") ? "/escalations" : viewer.roles.includes("unit_lead") ? "/rectifications" : "/checks"} />
          <NavLink to="/account" className="who" aria-label={t("nav.account")}>
            <span className="avatar" aria-hidden>
              {viewer.displayName.slice(-2)}
            </span>
            <span className="who-text">
              {viewer.displayName}
              <small>{viewer.unitName ?? viewer.roles.map((r) => t(`roles.${r}` as never)).join(t("common.listSep"))}</small>
            </span>
          </NavLink>
          <Form method="post" action="/logout" className="logout">
            <input type="hidden" name="_csrf" value={viewer.csrfToken} />
            <button type="submit" className="btn ghost small">
              {t("nav.logout")}
            </button>
          </Form>
        </div>
      </header>
      <main id="main" className="main" ref={main}>
        {children}
      </main>
    </div>
  );
}

function MainNav({ id, viewer }: { id: string; viewer: Viewer }) {
  const t = useT();
  const { can, some } = useCan();
  return (
    <nav id={id} aria-label={t("nav.mainMenu")} className="mainnav">
      <NavLink to="/" end>
        {t("nav.home")}
      </NavLink>
      <NavLink to="/dashboard">{t("dashboard.nav")}</NavLink>
      <NavGroup label={t("nav.groupTasks")} testId="nav-tasks">
        <NavLink to="/board">{t("nav.board")}</NavLink>
        <NavLink to="/battle-map">{t("battleMap.title")}</NavLink>
        <NavLink to="/key-tasks">{t("keyTasks.title")}</NavLink>
        <NavLink to="/responsibility">{t("responsibility.nav")}</NavLink>
        <NavLink to="/indicators">{t("indicators.nav")}</NavLink>
        <NavLink to="/changes">{t("changes.nav")}</NavLink>
      </NavGroup>
      <NavGroup label={t("nav.groupAssess")} testId="nav-assess">
        <NavLink to="/closeout">{t("closeout.nav")}</NavLink>
        <NavLink to="/acceptance">{t("closeout.acceptance.nav")}</NavLink>
        <NavLink to="/checks">{t("checks.nav")}</NavLink>
        <NavLink to="/rectifications">{t("checks.rect.nav")}</NavLink>
        <NavLink to="/technologies">{t("technologies.nav")}</NavLink>
        {viewer.roles.includes("observer") && <NavLink to="/escalations">{t("checks.esc.nav")}</NavLink>}
        {some("read", "credit") && <NavLink to="/credit">{t("credit.nav")}</NavLink>}
      </NavGroup>
      <NavGroup label={t("nav.groupResults")} testId="nav-results">
        {some("read", "report") && <NavLink to="/results">{t("results.nav")}</NavLink>}
        {some("read", "report") && <NavLink to="/reports">{t("reports.nav")}</NavLink>}
        {some("read", "report") && <NavLink to="/meetings">{t("governance.meetingsNav")}</NavLink>}
        {some("read", "report") && <NavLink to="/funding">{t("governance.fundingNav")}</NavLink>}
      </NavGroup>
      <NavLink to="/notices">{t("notices.nav")}</NavLink>
      {/* The consortium's feed, for those who read the whole consortium (experts read their projects' feeds). */}
      {can("read", "board") && <NavLink to="/activity">{t("feeds.nav")}</NavLink>}
      {some("read", "admin") && <NavLink to="/admin">{t("nav.admin")}</NavLink>}
      <NavLink to="/account" className="menu-only">
        {t("nav.account")}
      </NavLink>
    </nav>
  );
}
