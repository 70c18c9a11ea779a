// What every model function receives: the database, the realtime publisher and config, all created
// once in server/index.ts and handed down through Remix's load context or the socket server.
import type { DB } from "../../db/client";
import type { Grantee, Role } from "./permissions";
import type { Locale } from "../i18n/catalog";
import type { BoardEvent, Notification } from "../realtime/protocol";

// The board event is part of the wire protocol (app/realtime/protocol.ts); models import it from here.
export type { BoardEvent };

export interface Realtime {
  /** Send committed events to their board rooms. Call only after the transaction committed. */
  publish(events: BoardEvent[]): void;
  /** Disconnect every socket of a user whose rights or session changed; they re-authenticate. */
  evictUser(userId: number): void;
  /** Personal notifications (notices, escalations) to users' rooms. */
  notifyUsers(userIds: number[], payload: Notification): void;
}

export type AppConfig = {
  sessionSecret: string;
  secureCookies: boolean;
  dataDir: string;
  uploadsDir: string;
  /** Where links in e-mails and robot posts point: PUBLIC_URL's origin (else this server's own). */
  publicOrigin?: string | null;
  /** SMTP is configured (SMTP_HOST): people with an e-mail address get mail. */
  mailEnabled?: boolean;
  /** This server's own origin on loopback ("http://127.0.0.1:3000"), set once it listens: what printing opens. */
  internalOrigin?: string;
};

export type AppContext = { db: DB; realtime: Realtime; config: AppConfig };

export type Actor = Grantee & {
  username: string;
  displayName: string;
  roles: Role[];
  locale: Locale;
  unitName: string | null;
  sessionId: string;
  csrfToken: string;
  /** "print": the server's own print browser (read-only); "web": everyone else. */
  purpose: "web" | "print";
};

/** A realtime that drops everything: for scripts and seeding, where nobody listens. */
export const silentRealtime: Realtime = { publish() {}, evictUser() {}, notifyUsers() {} };
