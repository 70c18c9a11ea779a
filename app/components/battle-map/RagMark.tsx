// RAG shown by colour AND shape (● ▲ ■ ✓ ‖), so it reads without colour vision.
import type { Rag } from "../../models/rag";

const RAG_GLYPH: Record<Rag, string> = { green: "●", yellow: "▲", red: "■", done: "✓", suspended: "‖" };

export function RagMark({ rag, label }: { rag: Rag; label?: string }) {
  return (
    <span className={`bm-mark rag-${rag}`} aria-hidden={label ? undefined : true} aria-label={label} role={label ? "img" : undefined}>
      {RAG_GLYPH[rag]}
    </span>
  );
}
