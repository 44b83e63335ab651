import { classNames } from "./classNames";

export function Spinner({ label = "Loading", size = "md" }: { label?: string; size?: "sm" | "md" | "lg" }) {
  return <span className={classNames("spinner", `spinner--${size}`)} role="status" aria-label={label} />;
}

/** A block that holds the place of content still loading. */
export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner spinner--md" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
