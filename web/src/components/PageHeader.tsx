import type { ReactNode } from "react";

/** The page's h1 (focused after client-side navigation, so screen readers announce the new page). */
export function PageHeader({ title, children, meta }: { title: string; children?: ReactNode; meta?: ReactNode }) {
  return (
    <div className="page-header">
      <div className="page-header__meta">
        <h1 tabIndex={-1} id="page-title">
          {title}
        </h1>
        {meta}
      </div>
      {children && <div className="button-row">{children}</div>}
    </div>
  );
}
