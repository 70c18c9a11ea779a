// The comment box: plain text with a live character counter and @mentions. Typing "@" then part of a name,
// its full pinyin or its initials ("@wjg") opens a list of people (arrow keys, Enter or Tab to choose,
// Escape to close); choosing inserts "@王建国 ". People who cannot read the item are listed greyed out and
// cannot be chosen (the server refuses them too). A new comment may carry files (the evidence store's
// types and limits): "拍照" opens a phone's camera, "附件" the file picker. Posts with a fetcher to /comments.
import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { COMMENT_MAX, matchCandidates, type MentionCandidate } from "../../models/comments";
import type { IntentReply } from "../../lib/intent-form";
import { useRefusalText, IntentHidden, type HiddenValues } from "../form/IntentForm";
import { useT } from "../../lib/viewer";
import { ChosenFiles, FilePickers } from "./Attachments";

type Props = {
  action: string;
  intent: "add" | "edit";
  /** Routing and record fields (entity, entityId, parentId / id, version). */
  values: HiddenValues;
  candidates: MentionCandidate[];
  initial?: string;
  initialMentions?: number[];
  placeholder: string;
  submitLabel: string;
  onDone?: () => void;
  onCancel?: () => void;
  autoFocus?: boolean;
};

/** The "@query" being typed just before the caret, if any. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0) return null;
  const query = before.slice(at + 1);
  if (query.length > 12 || /\s/.test(query)) return null;
  return { start: at, query };
}

export function Composer(p: Props) {
  const t = useT();
  const fetcher = useFetcher<IntentReply>();
  const [text, setText] = useState(p.initial ?? "");
  const [chosen, setChosen] = useState<MentionCandidate[]>(() => p.candidates.filter((c) => p.initialMentions?.includes(c.id)));
  const [menu, setMenu] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const counterId = useId();
  const matches = useMemo(() => (menu ? matchCandidates(p.candidates, menu.query) : []), [menu, p.candidates]);
  const [chosenFiles, setChosenFiles] = useState<string[]>([]);
  const [picker, setPicker] = useState(0);
  const attach = p.intent === "add";
  const reply = fetcher.data;
  const refusal = useRefusalText(reply);

  // Posted: empty the box (a new comment) or close the editor as soon as the server said yes, not after
  // the page's data was reloaded (slow under load); each reply once. The row arrives over the board.
  const handled = useRef<IntentReply | null>(null);
  useEffect(() => {
    if (fetcher.state !== "submitting" && reply?.done && handled.current !== reply) {
      handled.current = reply;
      setText("");
      setChosen([]);
      setChosenFiles([]);
      setPicker((n) => n + 1); // fresh, empty file inputs
      p.onDone?.();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, reply]);

  const over = text.length - COMMENT_MAX;
  const mentionIds = chosen.filter((c) => text.includes(`@${c.name}`)).map((c) => c.id);

  const track = (value: string, caret: number) => {
    setText(value);
    const m = mentionAt(value, caret);
    setMenu(m);
    setActive(0);
  };
  const choose = (c: MentionCandidate) => {
    if (!menu || !c.canRead) return;
    const before = text.slice(0, menu.start);
    const after = text.slice(menu.start + 1 + menu.query.length);
    const inserted = `@${c.name} `;
    setText(before + inserted + after);
    setChosen((list) => (list.some((x) => x.id === c.id) ? list : [...list, c]));
    setMenu(null);
    requestAnimationFrame(() => {
      const el = area.current;
      if (!el) return;
      el.focus();
      el.selectionStart = el.selectionEnd = before.length + inserted.length;
    });
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (!menu || matches.length === 0) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => (i + (e.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      choose(matches[active]!);
    } else if (e.key === "Escape") {
      e.preventDefault();
      setMenu(null);
    }
  };
  const open = menu != null;
  return (
    <fetcher.Form method="post" action={p.action} encType={attach ? "multipart/form-data" : undefined} className="cm-composer" data-testid={`comment-${p.intent}-form`}>
      <IntentHidden intent={p.intent} values={{ ...p.values, mentions: mentionIds.join(",") }} />
      <div className="cm-box">
        <textarea
          ref={area}
          name="body"
          rows={p.intent === "edit" ? 3 : 2}
          value={text}
          placeholder={p.placeholder}
          aria-label={p.placeholder}
          aria-describedby={counterId}
          aria-invalid={over > 0 || refusal ? true : undefined}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open && matches[active] ? `${listId}-${matches[active]!.id}` : undefined}
          autoFocus={p.autoFocus}
          onChange={(e) => track(e.target.value, e.target.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setMenu(null), 150)}
          data-testid="comment-body"
        />
        {open && (
          <ul id={listId} role="listbox" className="cm-mentions" aria-label={t("comments.mentionList")} data-testid="mention-list">
            {matches.length === 0 && <li className="muted small">{t("comments.noMatch")}</li>}
            {matches.map((c, i) => (
              <li
                key={c.id}
                id={`${listId}-${c.id}`}
                role="option"
                aria-selected={i === active}
                aria-disabled={!c.canRead}
                className={`${i === active ? "on" : ""}${c.canRead ? "" : " off"}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(c);
                }}
              >
                <span className="avatar small" aria-hidden>
                  {c.name.slice(-2)}
                </span>
                <span>
                  {c.name}
                  <small className="muted"> {c.unitName ?? ""}{c.canRead ? "" : ` · ${t("comments.cannotRead")}`}</small>
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <ChosenFiles names={chosenFiles} />
      <div className="cm-foot">
        {attach && <FilePickers key={picker} onChosen={setChosenFiles} />}
        <span id={counterId} className={`cm-counter${over > 0 ? " bad" : ""}`} aria-live="polite" data-testid="comment-counter">
          {over > 0 ? t("comments.tooLong", { n: over }) : t("comments.counter", { n: text.length, max: COMMENT_MAX })}
        </span>
        {p.onCancel && (
          <button type="button" className="btn secondary small" onClick={p.onCancel}>
            {t("comments.cancel")}
          </button>
        )}
        <button type="submit" className="btn small" disabled={over > 0 || text.trim() === "" || fetcher.state !== "idle"}>
          {p.submitLabel}
        </button>
      </div>
      {refusal && (
        <div className="alert bad" role="alert" data-testid="comment-error">
          {refusal}
        </div>
      )}
    </fetcher.Form>
  );
}
