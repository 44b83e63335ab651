import type { ReactNode } from "react";
import { classNames } from "./classNames";
import { Logo } from "./Logo";
import { ThemeToggle } from "./ThemeToggle";

/** The centred frame of the sign-in, registration and enrolment pages. */
export function AuthLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <main className="auth" id="main">
      <div className="auth__tools">
        <ThemeToggle />
      </div>
      <div className={classNames("auth__panel", wide && "auth__panel--wide")}>
        <span className="brand auth__brand">
          <Logo /> Draizer
        </span>
        {children}
      </div>
    </main>
  );
}
