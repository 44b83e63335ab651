// The frame of every signed-in page: navigation, the user, live-update status, theme and sign-out.

import { useEffect, useRef, useState, type ReactNode } from "react";
import type { RouteName } from "../routes";
import { useAuth } from "../state/auth";
import { Link, useRouter } from "../state/router";
import { useStreamStatus } from "../state/stream";
import type { StreamStatus } from "../state/streamClient";
import { Button } from "./Button";
import { classNames } from "./classNames";
import { Logo } from "./Logo";
import { StatusBanners } from "./StatusBanners";
import { StreamToasts } from "./StreamToasts";
import { ThemeToggle } from "./ThemeToggle";

const NAV: { to: string; label: string; icon: string; routes: RouteName[] }[] = [
  { to: "/dashboard", label: "Dashboard", icon: "◫", routes: ["dashboard"] },
  { to: "/trade", label: "Trade", icon: "⇅", routes: ["trade"] },
  { to: "/trades", label: "Trades", icon: "≡", routes: ["trades"] },
  { to: "/decisions", label: "AI decisions", icon: "✦", routes: ["decisions", "decision"] },
  { to: "/bot", label: "Bot", icon: "⚙", routes: ["bot"] },
  { to: "/settings", label: "Settings", icon: "☰", routes: ["settings"] },
];

const STREAM_LABELS: Record<StreamStatus, string> = {
  idle: "Live updates starting",
  connecting: "Connecting…",
  open: "Live",
  reconnecting: "Reconnecting…",
  stopped: "Offline",
};

function StreamIndicator() {
  const { status } = useStreamStatus();
  return (
    <span className={classNames("stream-status", `stream-status--${status}`)} role="status" aria-live="polite">
      <span className="stream-status__dot" aria-hidden="true" />
      {STREAM_LABELS[status]}
    </span>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const { user, logout } = useAuth();
  const { route, url } = useRouter();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const firstRender = useRef(true);

  // After client-side navigation: close the phone menu and move focus to the new page's heading.
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById("page-title")?.focus();
  }, [url]);

  // Escape closes the phone menu, as it would a dialog.
  useEffect(() => {
    if (!menuOpen) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setMenuOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [menuOpen]);

  const signOut = async () => {
    setSigningOut(true);
    await logout();
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/dashboard" className="brand">
          <Logo /> Draizer
        </Link>
        <Button size="sm" variant="ghost" aria-expanded={menuOpen} aria-controls="sidebar" onClick={() => setMenuOpen((open) => !open)}>
          {menuOpen ? "✕ Close" : "☰ Menu"}
        </Button>
      </header>
      <aside id="sidebar" className={classNames("sidebar", menuOpen && "sidebar--open")}>
        <Link to="/dashboard" className="brand">
          <Logo /> Draizer
        </Link>
        <nav aria-label="Main">
          <ul className="nav" role="list">
            {NAV.map((item) => (
              <li key={item.to}>
                <Link to={item.to} className="nav__link" aria-current={item.routes.includes(route.name) ? "page" : undefined}>
                  <span className="nav__icon" aria-hidden="true">
                    {item.icon}
                  </span>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar__footer">
          <StreamIndicator />
          {user && (
            <div className="user-chip">
              <strong>{user.full_name || user.username}</strong>
              <span className="small">{user.email}</span>
            </div>
          )}
          <ThemeToggle />
          <Button size="sm" variant="ghost" onClick={() => void signOut()} loading={signingOut}>
            Sign out
          </Button>
        </div>
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        <div className="main__inner">
          <StatusBanners />
          {children}
        </div>
      </main>
      <StreamToasts />
    </div>
  );
}
