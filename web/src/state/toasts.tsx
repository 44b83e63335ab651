// Short notices: trades that happened, errors, confirmations. Rendered by <ToastViewport> in an
// aria-live region, so screen readers announce them without moving focus.

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";

export type ToastKind = "success" | "error" | "info" | "warning";

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message?: string;
}

export interface ToastInput {
  kind: ToastKind;
  title: string;
  message?: string;
  /** Milliseconds before it disappears; errors stay longer by default. */
  timeoutMs?: number;
}

interface ToastContextValue {
  toasts: Toast[];
  push: (toast: ToastInput) => void;
  dismiss: (id: number) => void;
  clear: () => void;
}

const ToastContext = createContext<ToastContextValue | null>(null);
const MAX_TOASTS = 4;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    const timer = timers.current.get(id);
    if (timer !== undefined) clearTimeout(timer);
    timers.current.delete(id);
    setToasts((list) => list.filter((toast) => toast.id !== id));
  }, []);

  const push = useCallback(
    (input: ToastInput) => {
      const id = nextId.current++;
      const toast: Toast = { id, kind: input.kind, title: input.title };
      if (input.message !== undefined) toast.message = input.message;
      setToasts((list) => [...list, toast].slice(-MAX_TOASTS));
      const timeout = input.timeoutMs ?? (input.kind === "error" ? 10_000 : 6_000);
      timers.current.set(id, setTimeout(() => dismiss(id), timeout));
    },
    [dismiss],
  );

  const clear = useCallback(() => {
    for (const timer of timers.current.values()) clearTimeout(timer);
    timers.current.clear();
    setToasts([]);
  }, []);

  const value = useMemo(() => ({ toasts, push, dismiss, clear }), [toasts, push, dismiss, clear]);
  return <ToastContext.Provider value={value}>{children}</ToastContext.Provider>;
}

export function useToasts(): ToastContextValue {
  const value = useContext(ToastContext);
  if (!value) throw new Error("useToasts outside ToastProvider");
  return value;
}
