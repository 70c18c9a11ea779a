// /evidence/:id: downloads one evidence file. Only for users who may read the file's project board;
// always as an attachment, never rendered: nosniff, a sandboxing CSP, the sniffed type stored at upload.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage, requireActor } from "../lib/http.server";
import { attachmentHeader, evidenceForDownload } from "../models/evidence.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const id = Number(params.id);
  const { row, bytes } = orErrorPage(actor, () => evidenceForDownload(context, actor, Number.isSafeInteger(id) && id > 0 ? id : 0));
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": row.mime || "application/octet-stream",
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": attachmentHeader(row.name),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'",
      "Cache-Control": "private, no-store",
    },
  });
}
