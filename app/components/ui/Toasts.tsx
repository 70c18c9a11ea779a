// Transient messages (refused writes, reloads). Screen readers hear them through the live region.
import { useCallback, useState } from "react";

export type Toast = { id: number; text: string; tone?: "bad" | "info" };

export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((text: string, tone: Toast["tone"] = "info") => {
    const id = Date.now() + Math.random();
    setToasts((ts) => [...ts.slice(-3), { id, text, tone }]);
    setTimeout(() => setToasts((ts) => ts.filter((t) => t.id !== id)), 6000);
  }, []);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  return { toasts, push, dismiss };
}

export function Toasts({ toasts, dismiss, closeLabel }: { toasts: Toast[]; dismiss: (id: number) => void; closeLabel: string }) {
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.tone === "bad" ? "bad" : ""}`} data-testid="toast">
          <span>{t.text}</span>
          <button type="button" onClick={() => dismiss(t.id)} aria-label={closeLabel}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
