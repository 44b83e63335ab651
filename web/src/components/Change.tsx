// A signed figure (P&L, 24h change) in profit green or loss red, with ▲/▼ as a second cue for readers who
// cannot tell the colours apart, and a spoken word for screen readers.

import { direction, type Direction } from "../format";
import { classNames } from "./classNames";

const ARROWS: Record<Direction, string> = { up: "▲", down: "▼", flat: "•" };
const WORDS: Record<Direction, string> = { up: "up", down: "down", flat: "unchanged" };

interface ChangeProps {
  /** The exact value that decides the direction. */
  value: string | null | undefined;
  /** How to show it (already formatted, e.g. with formatUsd(value, true)). */
  children: string;
  className?: string;
}

export function Change({ value, children, className }: ChangeProps) {
  if (value === null || value === undefined) return <span className={classNames("change", className)}>—</span>;
  const dir = direction(value);
  return (
    <span className={classNames("change", `change--${dir}`, className)}>
      <span className="change__arrow" aria-hidden="true">
        {ARROWS[dir]}
      </span>
      <span className="visually-hidden">{WORDS[dir]} </span>
      {children}
    </span>
  );
}
