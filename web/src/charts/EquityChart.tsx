// The equity curve (solid) against buy-and-hold of the bot's symbol (dashed), on a time axis.

import { useEffect, useRef } from "react";
import type { Chart as ChartInstance, TooltipItem } from "chart.js";
import { formatAxisTime, formatDateTime, formatUsd } from "../format";
import { useTheme } from "../state/ThemeProvider";
import { Chart, readChartColors } from "./chartSetup";
import type { XY } from "./equitySeries";

interface EquityChartProps {
  equity: XY[];
  benchmark: XY[];
  benchmarkLabel: string;
  label: string;
}

export function EquityChart({ equity, benchmark, benchmarkLabel, label }: EquityChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartInstance<"line", XY[]> | null>(null);
  const spanRef = useRef(0);
  const { theme } = useTheme();

  useEffect(() => {
    if (!canvas.current) return undefined;
    const colors = readChartColors();
    const instance = new Chart<"line", XY[]>(canvas.current, {
      type: "line",
      data: {
        datasets: [
          { label: "Equity", data: [], borderColor: colors.accent, backgroundColor: colors.accent, borderWidth: 2, pointRadius: 0, pointHoverRadius: 3, tension: 0 },
          { label: benchmarkLabel, data: [], borderColor: colors.muted, backgroundColor: colors.muted, borderWidth: 1.5, borderDash: [5, 4], pointRadius: 0, pointHoverRadius: 3, tension: 0 },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "nearest", axis: "x", intersect: false },
        scales: {
          x: {
            type: "linear",
            bounds: "data",
            grid: { color: colors.grid },
            ticks: { color: colors.text, maxTicksLimit: 6, maxRotation: 0, callback: (value) => formatAxisTime(Number(value), spanRef.current) },
          },
          y: {
            position: "right",
            grace: "5%",
            grid: { color: colors.grid },
            ticks: { color: colors.text, callback: (value) => formatUsd(String(value)) },
          },
        },
        plugins: {
          tooltip: {
            backgroundColor: colors.tooltip,
            titleColor: colors.tooltipText,
            bodyColor: colors.tooltipText,
            borderColor: colors.grid,
            borderWidth: 1,
            callbacks: {
              title: (items: TooltipItem<"line">[]) => formatDateTime((items[0]?.raw as XY | undefined)?.x ?? null),
              label: (item: TooltipItem<"line">) => `${item.dataset.label ?? ""}: ${formatUsd(String((item.raw as XY).y.toFixed(2)))}`,
            },
          },
        },
      },
    });
    chart.current = instance;
    return () => {
      instance.destroy();
      chart.current = null;
    };
    // The chart is built once; data and colours are updated below.
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const colors = readChartColors();
    const [equitySet, benchmarkSet] = instance.data.datasets;
    if (equitySet) {
      equitySet.data = equity;
      equitySet.borderColor = colors.accent;
      equitySet.backgroundColor = colors.accent;
    }
    if (benchmarkSet) {
      benchmarkSet.data = benchmark;
      benchmarkSet.label = benchmarkLabel;
      benchmarkSet.borderColor = colors.muted;
      benchmarkSet.backgroundColor = colors.muted;
    }
    const xs = [...equity, ...benchmark].map((point) => point.x);
    spanRef.current = xs.length > 1 ? Math.max(...xs) - Math.min(...xs) : 0;
    const scales = instance.options.scales;
    for (const axis of [scales?.x, scales?.y]) {
      if (!axis) continue;
      if (axis.grid) axis.grid.color = colors.grid;
      if (axis.ticks) axis.ticks.color = colors.text;
    }
    const tooltip = instance.options.plugins?.tooltip;
    if (tooltip) {
      tooltip.backgroundColor = colors.tooltip;
      tooltip.titleColor = colors.tooltipText;
      tooltip.bodyColor = colors.tooltipText;
    }
    instance.update("none");
  }, [equity, benchmark, benchmarkLabel, theme]);

  return (
    <div className="chart chart--equity">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
