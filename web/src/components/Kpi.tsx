import type { ReactNode } from "react";
import { classNames } from "./classNames";

/** One key figure: a label, the value in large tabular digits, and a line of context below. */
export function Kpi({ label, value, sub, className }: { label: string; value: ReactNode; sub?: ReactNode; className?: string }) {
  return (
    <div className={classNames("kpi", className)}>
      <dt className="kpi__label">{label}</dt>
      <dd className="kpi__value num">{value}</dd>
      {sub !== undefined && <dd className="kpi__sub">{sub}</dd>}
    </div>
  );
}
