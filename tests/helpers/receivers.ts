// Real receivers for the outbox's tests and benchmark: an SMTP server (the smtp-server package) that
// keeps every message it accepts, decoded; and an HTTP server standing in for the 企业微信, 钉钉 and 飞书
// robot endpoints, which checks each platform's signature as its documentation describes (computed here,
// independently of app code) and answers as the platform does, errors included.
import http from "node:http";
import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type Mail = { to: string[]; subject: string; text: string; raw: string };

function qp(s: string): Buffer {
  const bytes: number[] = [];
  const flat = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] === "=" && /^[0-9A-F]{2}$/i.test(flat.slice(i + 1, i + 3))) {
      bytes.push(parseInt(flat.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(flat[i]!, "utf8"));
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (=?UTF-8?B?…?=, =?UTF-8?Q?…?=), adjacent ones joined. */
function decodeHeader(v: string): string {
  return v.replace(/(=\?utf-8\?[bq]\?[^?]*\?=\s*)+/gi, (run) =>
    Buffer.concat(
      [...run.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)].map(([, enc, data]) => (enc!.toLowerCase() === "b" ? Buffer.from(data!, "base64") : qp(data!.replace(/_/g, " ")))),
    ).toString("utf8"),
  );
}

function parseMail(raw: string, to: string[]): Mail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1] ?? "";
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text = encoding === "base64" ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : encoding === "quoted-printable" ? qp(body).toString("utf8") : body;
  return { to, subject: decodeHeader(header("Subject")), text, raw };
}

export type SmtpReceiver = { port: number; mails: Mail[]; close(): Promise<void> };

/** An SMTP server on a free loopback port (no TLS, any sender), or on `port` when given (to come back up). */
export async function startSmtp(port = 0): Promise<SmtpReceiver> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push(parseMail(Buffer.concat(chunks).toString("utf8"), session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type RobotPost = { platform: "wecom" | "dingtalk" | "feishu"; path: string; query: URLSearchParams; body: any; signatureOk: boolean | null };
export type RobotReceiver = { origin: string; posts: RobotPost[]; down: boolean; close(): Promise<void> };

const hmac = (key: string, data: string) => createHmac("sha256", key).update(data).digest("base64");

/**
 * Robot endpoints at /wecom/<key>, /dingtalk?access_token=… and /feishu/<hook>, with the signing secrets
 * the robots were given (`secrets` by platform). While `down` is set every request gets a 503.
 */
export async function startRobotReceiver(secrets: { dingtalk: string; feishu: string }): Promise<RobotReceiver> {
  const posts: RobotPost[] = [];
  const state = { down: false };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (state.down) return answer(503, { error: "down" });
      const url = new URL(req.url ?? "/", "http://x");
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const platform = url.pathname.split("/")[1] as RobotPost["platform"];
      if (platform === "dingtalk") {
        // 钉钉: timestamp (ms) and sign = urlencoded Base64(HmacSHA256(secret, timestamp + "\n" + secret)) in the query.
        const ts = url.searchParams.get("timestamp") ?? "";
        const ok = url.searchParams.get("sign") === hmac(secrets.dingtalk, `${ts}\n${secrets.dingtalk}`);
        posts.push({ platform, path: url.pathname, query: url.searchParams, body, signatureOk: ok });
        return answer(200, ok ? { errcode: 0, errmsg: "ok" } : { errcode: 310000, errmsg: "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]" });
      }
      if (platform === "feishu") {
        // 飞书: timestamp (s) and sign = Base64(HmacSHA256(key = timestamp + "\n" + secret, "")) in the body.
        const ok = body.sign === hmac(`${body.timestamp}\n${secrets.feishu}`, "");
        posts.push({ platform, path: url.pathname, query: url.searchParams, body, signatureOk: ok });
        return answer(200, ok ? { code: 0, msg: "success", data: {} } : { code: 19021, msg: "sign match fail or timestamp is not within one hour from current time", data: {} });
      }
      posts.push({ platform: "wecom", path: url.pathname, query: url.searchParams, body, signatureOk: null });
      return answer(200, { errcode: 0, errmsg: "ok" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    origin: `http://127.0.0.1:${port}`,
    posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
