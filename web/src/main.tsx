import "./styles/tokens.css";
import "./styles/base.css";
import "./styles/components.css";
import "./styles/layout.css";
import "./styles/pages.css";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { applyTheme, readThemePreference, resolveTheme } from "./state/theme";

// The theme is set before the first render so the page never flashes the other one.
let storage: Storage | null = null;
try {
  storage = window.localStorage;
} catch {
  storage = null;
}
applyTheme(document.documentElement, resolveTheme(readThemePreference(storage), window.matchMedia?.("(prefers-color-scheme: light)").matches ?? false));

const container = document.getElementById("root");
if (container) createRoot(container).render(<App />);
