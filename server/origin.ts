// Same-origin check for browser requests that act (form posts, socket handshakes). A browser always
// sends Origin on a cross-origin POST and on a WebSocket or polling handshake; it is accepted when it is
// the configured PUBLIC_URL or the request's own host (as Remix reads it: X-Forwarded-Host, else Host).
// Requests without Origin (curl, scripts, same-origin GETs) are not browsers acting for someone else.
import type { IncomingHttpHeaders } from "node:http";

/** The request's own host: the first X-Forwarded-Host (set by the proxy), else Host. */
export function ownHost(headers: IncomingHttpHeaders): string | null {
  const forwarded = String(headers["x-forwarded-host"] ?? "").split(",")[0]?.trim();
  return forwarded || headers.host || null;
}

export type OriginVerdict = "none" | "own-host" | "public-url" | "refused";

export function checkOrigin(headers: IncomingHttpHeaders, publicOrigin: string | null): OriginVerdict {
  const origin = headers.origin;
  if (origin === undefined) return "none";
  let parsed: URL;
  try {
    parsed = new URL(origin); // "null" (sandboxed frames, file:) does not parse: refused
  } catch {
    return "refused";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "refused";
  if (publicOrigin && parsed.origin === publicOrigin) return "public-url";
  return parsed.host === ownHost(headers) ? "own-host" : "refused";
}

/** PUBLIC_URL's origin ("https://gzt.example.cn"), or null when unset or not a URL. */
export function publicOriginOf(publicUrl: string | undefined): string | null {
  if (!publicUrl) return null;
  try {
    return new URL(publicUrl).origin;
  } catch {
    return null;
  }
}

/** Where this server can reach itself (printing): loopback when it listens on every interface. */
export function internalOriginOf(address: { address: string; port: number }): string {
  const host = address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.address.includes(":") ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
