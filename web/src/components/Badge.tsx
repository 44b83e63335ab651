import type { ReactNode } from "react";
import { classNames } from "./classNames";

export type Tone = "neutral" | "success" | "danger" | "warning" | "info" | "accent";

export function Badge({ tone = "neutral", children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={classNames("badge", `badge--${tone}`)} title={title}>
      {children}
    </span>
  );
}
