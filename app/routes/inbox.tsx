// 通知中心: the signed-in person's notifications, newest first, filtered by kind or to the unread ones;
// mark one or all read. Each item links to what it is about (opening it marks it read). New ones arrive
// live (the header link's count and this list).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import { pageTitle } from "../lib/meta";
import { useFormat, useT, useViewer } from "../lib/viewer";
import { IntentHidden } from "../components/form/IntentForm";
import { inboxKindCounts, listInbox, markAllRead, markRead, unreadCount } from "../models/inbox.server";
import { inboxFilterSchema, inboxMarkReadSchema, inboxText, INBOX_KINDS, type InboxItem } from "../models/inbox";
import * as z from "zod";
import { getSocket } from "../realtime/socket.client";
import { Push, type Notification } from "../realtime/protocol";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "inbox.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const url = new URL(request.url);
  const kind = inboxFilterSchema.parse(url.searchParams.get("kind") ?? undefined);
  const unread = url.searchParams.get("unread") === "1";
  return {
    items: listInbox(context.db, actor, { kind, unread }),
    counts: inboxKindCounts(context.db, actor),
    unread: unreadCount(context.db, actor.id),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["read", "readAll"]);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  switch (intent) {
    case "read":
      return run(inboxMarkReadSchema, (v) => markRead(context.db, actor, v.id));
    case "readAll":
      return run(z.object({}).strict(), () => markAllRead(context.db, actor));
  }
}

/** One notification: its sentence, when, and the link (which also marks it read). */
function Item({ item }: { item: InboxItem }) {
  const t = useT();
  const fmt = useFormat();
  const viewer = useViewer();
  const read = useFetcher();
  const markRead = () => read.submit({ intent: "read", id: String(item.id), _csrf: viewer.csrfToken }, { method: "post", action: "/inbox" });
  const unread = !item.readAt && read.state === "idle" && !read.data;
  return (
    <li className={`inbox-item${unread ? " unread" : ""}`} data-testid="inbox-item" data-kind={item.kind}>
      <span className={`inbox-kind k-${item.kind}`}>{t(`inbox.kinds.${item.kind}`)}</span>
      <div className="inbox-main">
        <Link to={item.href} className="inbox-text" onClick={() => !item.readAt && markRead()}>
          {unread && <span className="visually-hidden">{t("inbox.isUnread")}：</span>}
          {inboxText(t, item)}
        </Link>
        <span className="muted small">{fmt.dateTime(item.createdAt)}</span>
      </div>
      {unread && (
        <read.Form method="post" action="/inbox">
          <IntentHidden intent="read" values={{ id: item.id }} />
          <button type="submit" className="btn secondary small">
            {t("inbox.markRead")}
          </button>
        </read.Form>
      )}
    </li>
  );
}

export default function Inbox() {
  const { items, counts, unread } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const kind = params.get("kind");
  const onlyUnread = params.get("unread") === "1";
  const all = useFetcher();
  const revalidator = useRevalidator();
  // A new notification for this person: show it at once.
  useEffect(() => {
    const socket = getSocket();
    const on = (n: Notification) => n.kind === "inbox" && revalidator.revalidate();
    socket.on(Push.notify, on);
    return () => void socket.off(Push.notify, on);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const filterHref = (k: string | null, u = onlyUnread) => {
    const p = new URLSearchParams();
    if (k) p.set("kind", k);
    if (u) p.set("unread", "1");
    const s = p.toString();
    return s ? `?${s}` : "/inbox";
  };
  const byKind = new Map(counts.map((c) => [c.kind, c]));
  return (
    <div className="inbox-page">
      <div className="page-head">
        <h1>{t("inbox.title")}</h1>
        <span className="muted" data-testid="inbox-unread">
          {t("inbox.unread", { n: unread })}
        </span>
        {unread > 0 && (
          <all.Form method="post" action="/inbox">
            <IntentHidden intent="readAll" />
            <button type="submit" className="btn secondary">
              {t("inbox.markAllRead")}
            </button>
          </all.Form>
        )}
      </div>
      <nav className="inbox-filters chips" aria-label={t("inbox.title")}>
        <Link to={filterHref(null)} className={`chip${kind ? "" : " on"}`} aria-current={kind ? undefined : "page"}>
          {t("inbox.all")}
        </Link>
        {INBOX_KINDS.filter((k) => byKind.has(k)).map((k) => (
          <Link key={k} to={filterHref(k)} className={`chip${kind === k ? " on" : ""}`} aria-current={kind === k ? "page" : undefined}>
            {t(`inbox.kinds.${k}`)}
            {byKind.get(k)!.unread > 0 && <span className="chip-count">{byKind.get(k)!.unread}</span>}
          </Link>
        ))}
        <Link to={filterHref(kind, !onlyUnread)} className={`chip${onlyUnread ? " on" : ""}`} aria-current={onlyUnread ? "true" : undefined}>
          {t("inbox.onlyUnread")}
        </Link>
      </nav>
      {items.length === 0 ? (
        <p className="empty">{onlyUnread ? t("inbox.emptyUnread") : t("inbox.empty")}</p>
      ) : (
        <ul className="panel inbox-list" data-testid="inbox-list">
          {items.map((i) => (
            <Item key={i.id} item={i} />
          ))}
        </ul>
      )}
    </div>
  );
}
