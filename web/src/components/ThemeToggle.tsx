import { useTheme } from "../state/ThemeProvider";
import { nextThemePreference, type ThemePreference } from "../state/theme";
import { Button } from "./Button";

const LABELS: Record<ThemePreference, string> = { system: "System", dark: "Dark", light: "Light" };
const ICONS: Record<ThemePreference, string> = { system: "◐", dark: "☾", light: "☀" };

/** Cycles system → dark → light; the button says what is in effect and what a press does. */
export function ThemeToggle() {
  const { preference, setPreference } = useTheme();
  const next = nextThemePreference(preference);
  return (
    <Button size="sm" variant="ghost" onClick={() => setPreference(next)} aria-label={`Theme: ${LABELS[preference]}. Switch to ${LABELS[next]}.`} title={`Switch to ${LABELS[next]} theme`}>
      <span aria-hidden="true">{ICONS[preference]}</span> {LABELS[preference]}
    </Button>
  );
}
