import type { ReactNode } from "react";
import { classNames } from "./classNames";

type BannerTone = "info" | "warning" | "danger" | "success";

/** A full-width notice. Warnings and errors are announced (role=alert); the rest politely (role=status). */
export function Banner({ tone = "info", title, children, actions, className }: { tone?: BannerTone; title?: string; children?: ReactNode; actions?: ReactNode; className?: string }) {
  const role = tone === "danger" ? "alert" : "status";
  return (
    <div className={classNames("banner", `banner--${tone}`, className)} role={role}>
      <span className="banner__icon" aria-hidden="true">
        {tone === "success" ? "✓" : tone === "info" ? "i" : "!"}
      </span>
      <div className="banner__text">
        {title && <strong className="banner__title">{title}</strong>}
        {children && <span className="banner__body">{children}</span>}
      </div>
      {actions && <div className="banner__actions">{actions}</div>}
    </div>
  );
}
