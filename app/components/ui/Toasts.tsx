// Transient messages (refused writes, reloads, undo offers). Screen readers hear them through the live
// region. A toast may carry one action (撤销 after a move): it stays a little longer, and taking the
// action closes it.
import { useCallback, useState } from "react";

export type ToastAction = { label: string; run: () => void };
export type Toast = { id: number; text: string; tone?: "bad" | "info"; action?: ToastAction };

const SHOWN_MS = 6000;
const WITH_ACTION_MS = 8000;

export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (text: string, tone: Toast["tone"] = "info", action?: ToastAction) => {
      const id = Math.random();
      setToasts((ts) => [...ts.slice(-3), { id, text, tone, action }]);
      setTimeout(() => dismiss(id), action ? WITH_ACTION_MS : SHOWN_MS);
    },
    [dismiss],
  );
  return { toasts, push, dismiss };
}

export type PushToast = ReturnType<typeof useToasts>["push"];

export function Toasts({ toasts, dismiss, closeLabel }: { toasts: Toast[]; dismiss: (id: number) => void; closeLabel: string }) {
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.tone === "bad" ? "bad" : ""}`} data-testid="toast">
          <span>{t.text}</span>
          {t.action && (
            <button
              type="button"
              className="toast-action"
              onClick={() => {
                dismiss(t.id);
                t.action!.run();
              }}
            >
              {t.action.label}
            </button>
          )}
          <button type="button" onClick={() => dismiss(t.id)} aria-label={closeLabel}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
