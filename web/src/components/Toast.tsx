import { useToasts } from "../state/toasts";
import { classNames } from "./classNames";

const ICONS = { success: "✓", error: "!", info: "i", warning: "!" } as const;

/** Where toasts appear: one polite live region (errors are announced assertively inside it). */
export function ToastViewport() {
  const { toasts, dismiss } = useToasts();
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions">
      {toasts.map((toast) => (
        <div key={toast.id} className={classNames("toast", `toast--${toast.kind}`)} role={toast.kind === "error" ? "alert" : "status"}>
          <span className="toast__icon" aria-hidden="true">
            {ICONS[toast.kind]}
          </span>
          <div className="toast__text">
            <strong className="toast__title">{toast.title}</strong>
            {toast.message && <span className="toast__message">{toast.message}</span>}
          </div>
          <button type="button" className="icon-btn" onClick={() => dismiss(toast.id)} aria-label="Dismiss notification">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
