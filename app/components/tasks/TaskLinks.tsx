// The task dialog's 前置与后续任务 (card drawer and task page): predecessors and successors with links, the
// 可启动 mark (压茬推进), a searchable picker to add a predecessor (a combobox: type, ↑/↓, Enter; big rows
// for a thumb; the task's own project first) and a remove button per predecessor. No <form> of its own:
// the drawer is one already. Writes go through the links route; the list reloads on the task's version.
import { useEffect, useId, useRef, useState } from "react";
import { Link } from "@remix-run/react";
import { useBackgroundLoad } from "../../lib/use-background-load";
import { useT } from "../../lib/viewer";
import type { LinkCandidate, LinkedTask, TaskLinksView } from "../../models/task-dependencies";
import { useLinkWrite } from "./use-link-write";

type View = TaskLinksView & { candidates: LinkCandidate[] | null };

/** `reloadKey`: load again when it changes (the task's version on a board; its live links row on the task page). */
export function TaskLinks({ taskId, reloadKey }: { taskId: number; reloadKey: unknown }) {
  const t = useT();
  const [written, setWritten] = useState(0);
  const load = useBackgroundLoad<View>(`/tasks/${taskId}/links`, `${JSON.stringify(reloadKey)}:${written}`);
  const write = useLinkWrite();
  const [reply, setReply] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const view = load.data;

  const change = async (intent: "add" | "remove", target: Pick<LinkedTask, "id" | "code" | "title">) => {
    if (!view || busy) return false;
    setBusy(true);
    const r = await write({ intent, taskId, version: view.task.version, predecessorId: target.id });
    setBusy(false);
    const name = `${target.code} ${target.title}`;
    setReply(r.ok ? { ok: true, text: t(intent === "add" ? "taskLinks.added" : "taskLinks.removed", { task: name }) } : { ok: false, text: r.message });
    if (r.ok) setWritten((n) => n + 1);
    return r.ok;
  };

  return (
    <section aria-labelledby={`links-h-${taskId}`} className="tl" data-testid="task-links">
      <div className="tl-head">
        <h3 id={`links-h-${taskId}`}>{t("taskLinks.title")}</h3>
        {view?.ready && (
          <span className="badge ok tl-ready" data-testid="task-ready" title={t("taskLinks.readyHint")}>
            {t("taskLinks.ready")}
          </span>
        )}
      </div>
      {!view ? (
        <p className="muted">{load.failed ? t("shell.loadFailed") : t("common.loading")}</p>
      ) : (
        <>
          <div className="tl-cols">
            <LinkList
              title={t("taskLinks.predecessors")}
              tasks={view.predecessors}
              testId="task-predecessors"
              remove={view.canEdit && !busy ? (p) => void change("remove", p) : null}
            />
            <LinkList title={t("taskLinks.successors")} tasks={view.successors} testId="task-successors" remove={null} />
          </div>
          {view.canEdit ? (
            <Picker taskId={taskId} disabled={busy} pick={(c) => change("add", c)} />
          ) : (
            <p className="muted small">{view.task.status === "closed" ? t("taskLinks.closedTask") : t("taskLinks.readOnly")}</p>
          )}
          {reply && (
            <div className={`alert ${reply.ok ? "ok" : "bad"} tl-reply`} role={reply.ok ? "status" : "alert"} data-testid="task-links-reply">
              {reply.text}
            </div>
          )}
          <p className="muted small">{t("taskLinks.hint")}</p>
        </>
      )}
    </section>
  );
}

function LinkList({ title, tasks, testId, remove }: { title: string; tasks: LinkedTask[]; testId: string; remove: ((t: LinkedTask) => void) | null }) {
  const t = useT();
  return (
    <div>
      <h4 className="tl-sub">{title}</h4>
      {tasks.length === 0 ? (
        <p className="muted small">{t("taskLinks.none")}</p>
      ) : (
        <ul className="tl-list" data-testid={testId}>
          {tasks.map((x) => (
            <li key={x.id} className={x.status === "closed" ? "tl-closed" : undefined}>
              <Link to={`/tasks/${x.id}`} className="tl-link">
                <span className="mono">{x.code}</span> {x.title}
              </Link>
              <span className="muted small tl-meta">
                {x.ownerUnitName} · {t(`statuses.${x.status}`)}
              </span>
              {remove && (
                <button type="button" className="btn ghost small tl-remove" onClick={() => remove(x)} aria-label={t("taskLinks.removeLabel", { task: `${x.code} ${x.title}` })}>
                  {t("taskLinks.remove")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Searchable choice of a predecessor: an ARIA combobox over the links route's `?q=` choices. */
function Picker({ taskId, disabled, pick }: { taskId: number; disabled: boolean; pick: (c: LinkCandidate) => Promise<boolean> }) {
  const t = useT();
  const id = useId();
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [choices, setChoices] = useState<LinkCandidate[] | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/tasks/${taskId}/links?q=${encodeURIComponent(query)}`, { headers: { Accept: "application/json" }, signal: ctl.signal, credentials: "same-origin" })
        .then((r) => (r.ok ? (r.json() as Promise<{ candidates: LinkCandidate[] }>) : null))
        .then((d) => {
          setChoices(d?.candidates ?? []);
          setActive(0);
        })
        .catch(() => undefined);
    }, 150);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [open, query, taskId]);

  const choose = async (c: LinkCandidate | undefined) => {
    if (!c) return;
    if (await pick(c)) {
      setQuery("");
      setChoices(null);
      setOpen(false);
    }
    input.current?.focus();
  };
  const onKey = (e: React.KeyboardEvent) => {
    const n = choices?.length ?? 0;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (n ? (a + 1) % n : 0));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => (n ? (a - 1 + n) % n : 0));
    } else if (e.key === "Enter") {
      // Enter picks; it must not submit the drawer's form around us.
      e.preventDefault();
      if (open) void choose(choices?.[active]);
    } else if (e.key === "Escape" && open) {
      e.stopPropagation();
      setOpen(false);
    }
  };
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-opt-${i}`;
  const shown = open && choices != null;
  return (
    <div className="tl-picker">
      <label htmlFor={`${id}-q`} className="tl-sub">
        {t("taskLinks.add")}
      </label>
      <input
        id={`${id}-q`}
        ref={input}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && choices.length ? optionId(active) : undefined}
        aria-label={t("taskLinks.searchLabel")}
        placeholder={t("taskLinks.searchPlaceholder")}
        value={query}
        disabled={disabled}
        autoComplete="off"
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKey}
        data-testid="link-search"
      />
      {shown && (
        <ul id={listId} role="listbox" className="tl-options" aria-label={t("taskLinks.searchLabel")} data-testid="link-options">
          {choices.length === 0 && (
            <li role="presentation" className="muted small tl-empty">
              {t("taskLinks.noMatch")}
            </li>
          )}
          {choices.map((c, i) => (
            <li
              key={c.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => void choose(c)}
            >
              <span className="mono">{c.code}</span> {c.title}
              <span className="muted small tl-meta">
                {c.ownerUnitName} · {c.sameProject ? t("taskLinks.sameProject") : t("taskLinks.otherProject")} · {t(`statuses.${c.status}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
