// Dark first, a readable light theme, or whatever the system prefers; the choice persists in localStorage
// and is applied as `data-theme` on <html> (no inline style, so the CSP stays strict).

export type ThemePreference = "system" | "dark" | "light";
export type Theme = "dark" | "light";

export const THEME_STORAGE_KEY = "draizer.theme";

export function parseThemePreference(value: string | null | undefined): ThemePreference {
  return value === "dark" || value === "light" ? value : "system";
}

export function readThemePreference(storage: Pick<Storage, "getItem"> | null): ThemePreference {
  try {
    return parseThemePreference(storage?.getItem(THEME_STORAGE_KEY));
  } catch {
    return "system";
  }
}

export function writeThemePreference(storage: Pick<Storage, "setItem" | "removeItem"> | null, preference: ThemePreference): void {
  try {
    if (preference === "system") storage?.removeItem(THEME_STORAGE_KEY);
    else storage?.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this page only.
  }
}

/** The theme in effect: the preference, or the system's when the preference is "system" (dark when unknown). */
export function resolveTheme(preference: ThemePreference, systemPrefersLight: boolean): Theme {
  if (preference === "system") return systemPrefersLight ? "light" : "dark";
  return preference;
}

/** The next preference of the toggle button: system → dark → light → system. */
export function nextThemePreference(preference: ThemePreference): ThemePreference {
  return preference === "system" ? "dark" : preference === "dark" ? "light" : "system";
}

export function applyTheme(root: { setAttribute(name: string, value: string): void }, theme: Theme): void {
  root.setAttribute("data-theme", theme);
}
