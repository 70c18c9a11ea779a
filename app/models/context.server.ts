// What every model function receives: the database, the realtime publisher and config, all created
// once in server/index.ts and handed down through Remix's load context or the socket server.
import type { DB } from "../../db/client";
import type { Told } from "./inbox.server";
import type { Grantee, Role } from "./permissions";
import type { Locale } from "../i18n/catalog";
import type { BoardEvent, Notification } from "../realtime/protocol";

// The board event is part of the wire protocol (app/realtime/protocol.ts); models import it from here.
export type { BoardEvent };

export interface Realtime {
  /** Send committed events to their board rooms. Call only after the transaction committed. */
  publish(events: BoardEvent[]): void;
  /** Send the events still waiting for their frame now: a board join does, so its catch-up and the frames don't overlap. */
  flush(): void;
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
  /** poppler's pdftoppm, for the first-page preview of PDF attachments (default "pdftoppm" on the PATH). */
  pdftoppm?: string;
  /** Where links in e-mails and robot posts point: PUBLIC_URL's origin (else this server's own). */
  publicOrigin?: string | null;
  /** SMTP is configured (SMTP_HOST): people with an e-mail address get mail. */
  mailEnabled?: boolean;
  /** This server's own origin on loopback ("http://127.0.0.1:3000"), set once it listens: what printing opens. */
  internalOrigin?: string;
  /** The first-run link's token while the install has no consortium or no admin (setup.server.ts). */
  setupToken?: string;
  /** The demo consortium is what this database holds: the sign-in page names its password. */
  demo?: boolean;
};

/**
 * Main-thread writes wait here (asynchronously) while a worker's write transaction holds the database's
 * write lock (the import's commit): better-sqlite3 would otherwise wait for the lock synchronously,
 * stalling every socket and request of the server for as long as the worker's transaction runs.
 */
export interface WriteGate {
  /** Resolves at once when no worker writes, else when the worker's transaction has ended. */
  idle(): Promise<void>;
}

/**
 * `deliver`: what else happens, inside the write's transaction, when people were told (the outbox queues
 * their e-mail and robot posts). Wired by the composition root (server/app.ts), so the write kernel does not
 * import the channels.
 */
export type AppContext = { db: DB; realtime: Realtime; config: AppConfig; deliver?: (told: Told[]) => void; writes?: WriteGate };

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
  /** An admin reset his password (or admin:create made the account): every page leads to /account until he picks his own. */
  mustChangePassword: boolean;
};

/** A realtime that drops everything: for scripts and seeding, where nobody listens. */
export const silentRealtime: Realtime = { publish() {}, flush() {}, evictUser() {}, notifyUsers() {} };
