// The building blocks of 我的工作: a titled block with its count, a list of items each of which is one
// link to where the job is done (≥44 px tall), the status colour as glyph + word, and the empty line
// that says what happens next.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Rag } from "../../models/rag";
import { useT } from "../../lib/viewer";
import { RagMark } from "../battle-map/RagMark";

export function WorkBlock(props: { id: string; title: string; count?: number; hint?: string; more?: { to: string; label: string }; children: ReactNode }) {
  return (
    <section className="mw-block" aria-labelledby={props.id} data-testid={props.id}>
      <div className="mw-block-head">
        <h3 id={props.id}>
          {props.title}
          {props.count != null && <span className={`badge${props.count ? "" : " zero"}`}>{props.count}</span>}
        </h3>
        {props.more && (
          <Link to={props.more.to} className="mw-more">
            {props.more.label}
          </Link>
        )}
      </div>
      {props.hint && <p className="mw-hint">{props.hint}</p>}
      {props.children}
    </section>
  );
}

export function WorkEmpty({ children }: { children: ReactNode }) {
  return <p className="mw-empty">{children}</p>;
}

/** One list item: the main link (title line + detail line), with optional trailing content beside it. */
export function WorkItem(props: { to: string; title: ReactNode; detail?: ReactNode; tone?: "bad" | "warn"; aside?: ReactNode; children?: ReactNode; testId?: string }) {
  return (
    <li className={`mw-item${props.tone ? ` ${props.tone}` : ""}`} data-testid={props.testId}>
      <div className="mw-row">
        <Link to={props.to} className="mw-link">
          <span className="mw-title">{props.title}</span>
          {props.detail && <span className="mw-detail">{props.detail}</span>}
        </Link>
        {props.aside}
      </div>
      {props.children}
    </li>
  );
}

export function WorkList({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <ul className="mw-list" aria-label={label}>
      {children}
    </ul>
  );
}

/** The status colour in words beside its glyph, so it reads without colour. */
export function RagTag({ rag }: { rag: Rag }) {
  const t = useT();
  return (
    <span className={`mw-rag rag-${rag}`}>
      <RagMark rag={rag} />
      {t(`battleMap.ragNames.${rag}`)}
    </span>
  );
}
