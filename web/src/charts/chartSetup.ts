// Chart.js with only the pieces the two charts use (keeps the bundle small), animations off (the
// dashboard draws at once), and colours read from the theme's CSS variables.

import { BarController, BarElement, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, LinearScale, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.font.family = "inherit";

export { Chart };

export interface ChartColors {
  up: string;
  down: string;
  grid: string;
  text: string;
  accent: string;
  muted: string;
  surface: string;
  tooltip: string;
  tooltipText: string;
}

function variable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value || fallback;
}

/** The current theme's chart colours (call again after the theme changes). */
export function readChartColors(element: Element = document.documentElement): ChartColors {
  const style = getComputedStyle(element);
  return {
    up: variable(style, "--profit", "#22c55e"),
    down: variable(style, "--loss", "#ef4444"),
    grid: variable(style, "--chart-grid", "rgba(148,163,184,0.15)"),
    text: variable(style, "--text-muted", "#94a3b8"),
    accent: variable(style, "--accent", "#38bdf8"),
    muted: variable(style, "--text-subtle", "#64748b"),
    surface: variable(style, "--surface", "#111827"),
    tooltip: variable(style, "--surface-raised", "#1f2937"),
    tooltipText: variable(style, "--text", "#e5e7eb"),
  };
}
