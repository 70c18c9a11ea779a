// /evidence/:id: downloads one evidence file or attachment. Only for users who may read what it hangs on
// (the project's board; a comment's item); always as an attachment, never rendered as a document:
// nosniff, a sandboxing CSP, the sniffed type stored at upload. Images are shown by <img> in threads
// (which ignores the disposition); `?preview` answers a PDF's first page as a PNG for the same purpose.
// `?check=<id>`: opened from that check's checklist; an assigned expert's first opening is recorded there.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage, requireActor } from "../lib/http.server";
import { attachmentHeader, pdfFirstPage } from "../models/evidence.server";
import { attachmentForDownload, readableAttachment } from "../models/comments.server";
import { translate } from "../i18n/catalog";
import { recordEvidenceOpen } from "../models/check-evidence.server";

const SAFE = { "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox; default-src 'none'", "Cache-Control": "private, no-store" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const raw = Number(params.id);
  const id = Number.isSafeInteger(raw) && raw > 0 ? raw : 0;
  if (new URL(request.url).searchParams.has("preview")) {
    const { row, file } = orErrorPage(actor, () => readableAttachment(context, actor, id));
    const png = await pdfFirstPage(context.config, row, file);
    if (!png) throw new Response(translate(actor.locale, "errors.notFound"), { status: 404 });
    return new Response(new Uint8Array(png), { headers: { ...SAFE, "Content-Type": "image/png", "Content-Length": String(png.byteLength) } });
  }
  const { row, bytes } = orErrorPage(actor, () => attachmentForDownload(context, actor, id));
  const checkId = Number(new URL(request.url).searchParams.get("check"));
  if (Number.isSafeInteger(checkId) && checkId > 0) recordEvidenceOpen(context, actor, checkId, row.id);
  return new Response(new Uint8Array(bytes), {
    headers: {
      ...SAFE,
      "Content-Type": row.mime || "application/octet-stream",
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": attachmentHeader(row.name),
    },
  });
}
