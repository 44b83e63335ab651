// Client-side routing on the history API: the server answers index.html for every non-API path, so
// /trades?side=buy is a real address that survives a reload.

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from "react";
import { parseRoute, type Route } from "../routes";

interface RouterContextValue {
  route: Route;
  /** Path and query of the current page. */
  url: string;
  navigate: (url: string, options?: { replace?: boolean }) => void;
}

const RouterContext = createContext<RouterContextValue | null>(null);

function currentUrl(): string {
  return window.location.pathname + window.location.search;
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [url, setUrl] = useState(currentUrl);

  useEffect(() => {
    const onPop = () => setUrl(currentUrl());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const navigate = useCallback((next: string, options: { replace?: boolean } = {}) => {
    if (next === currentUrl()) return;
    if (options.replace) window.history.replaceState(null, "", next);
    else window.history.pushState(null, "", next);
    setUrl(currentUrl());
    if (!options.replace) window.scrollTo(0, 0);
  }, []);

  const value = useMemo(() => {
    const query = url.indexOf("?");
    const route = query >= 0 ? parseRoute(url.slice(0, query), url.slice(query)) : parseRoute(url);
    return { route, url, navigate };
  }, [url, navigate]);

  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterContextValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error("useRouter outside RouterProvider");
  return value;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; children: ReactNode };

/** An ordinary link (open in a new tab still works) that navigates without reloading the app. */
export function Link({ to, children, onClick, ...rest }: LinkProps) {
  const { navigate } = useRouter();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
