import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { applyTheme, readThemePreference, resolveTheme, writeThemePreference, type Theme, type ThemePreference } from "./theme";

interface ThemeContextValue {
  preference: ThemePreference;
  theme: Theme;
  setPreference: (preference: ThemePreference) => void;
}

const ThemeContext = createContext<ThemeContextValue | null>(null);

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const LIGHT_QUERY = "(prefers-color-scheme: light)";

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [preference, setPreferenceState] = useState<ThemePreference>(() => readThemePreference(storage()));
  const [prefersLight, setPrefersLight] = useState(() => window.matchMedia?.(LIGHT_QUERY).matches ?? false);

  useEffect(() => {
    const media = window.matchMedia?.(LIGHT_QUERY);
    if (!media) return undefined;
    const listener = (event: MediaQueryListEvent) => setPrefersLight(event.matches);
    media.addEventListener("change", listener);
    return () => media.removeEventListener("change", listener);
  }, []);

  const theme = resolveTheme(preference, prefersLight);
  useEffect(() => applyTheme(document.documentElement, theme), [theme]);

  const setPreference = useCallback((next: ThemePreference) => {
    writeThemePreference(storage(), next);
    setPreferenceState(next);
  }, []);

  const value = useMemo(() => ({ preference, theme, setPreference }), [preference, theme, setPreference]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeContextValue {
  const value = useContext(ThemeContext);
  if (!value) throw new Error("useTheme outside ThemeProvider");
  return value;
}
