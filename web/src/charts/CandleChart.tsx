// Candlesticks drawn with Chart.js 3 (which has no financial chart type): each candle's body is a
// floating bar from open to close, its wick a line from low to high drawn by a small plugin before the
// bodies, and the bot's buys (▲ under the price) and sells (▼ over it) drawn on top by the same plugin.

import { useEffect, useRef } from "react";
import type { Chart as ChartInstance, Plugin, TooltipItem } from "chart.js";
import type { Candle, CandleInterval } from "../api/types";
import { formatAxisTime, formatDateTime, formatPrice } from "../format";
import { useTheme } from "../state/ThemeProvider";
import { toCandlePoints, type CandlePoint, type TradeMarker } from "./candleData";
import { Chart, readChartColors, type ChartColors } from "./chartSetup";

interface CandleChartProps {
  candles: Candle[];
  markers: TradeMarker[];
  interval: CandleInterval;
  tickSize?: string;
  label: string;
}

interface DrawState {
  points: CandlePoint[];
  markers: TradeMarker[];
  colors: ChartColors;
}

function candlePlugin(state: { current: DrawState }): Plugin<"bar"> {
  return {
    id: "draizerCandles",
    beforeDatasetsDraw(chart) {
      const { ctx } = chart;
      const y = chart.scales.y;
      const meta = chart.getDatasetMeta(0);
      if (!y) return;
      ctx.save();
      ctx.lineWidth = 1;
      state.current.points.forEach((point, index) => {
        const element = meta.data[index];
        if (!element) return;
        const x = Math.round(element.x) + 0.5;
        ctx.strokeStyle = point.up ? state.current.colors.up : state.current.colors.down;
        ctx.beginPath();
        ctx.moveTo(x, y.getPixelForValue(point.h));
        ctx.lineTo(x, y.getPixelForValue(point.l));
        ctx.stroke();
      });
      ctx.restore();
    },
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      const x = chart.scales.x;
      const y = chart.scales.y;
      if (!x || !y) return;
      ctx.save();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = state.current.colors.surface;
      for (const marker of state.current.markers) {
        const px = x.getPixelForValue(marker.x);
        const py = y.getPixelForValue(marker.y);
        if (px < chartArea.left || px > chartArea.right) continue;
        const size = 7;
        const direction = marker.side === "buy" ? 1 : -1;
        ctx.fillStyle = marker.side === "buy" ? state.current.colors.up : state.current.colors.down;
        ctx.beginPath();
        ctx.moveTo(px, py + direction * 3);
        ctx.lineTo(px - size, py + direction * (3 + size * 1.6));
        ctx.lineTo(px + size, py + direction * (3 + size * 1.6));
        ctx.closePath();
        ctx.fill();
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

export function CandleChart({ candles, markers, interval, tickSize, label }: CandleChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartInstance<"bar", CandlePoint[]> | null>(null);
  const state = useRef<DrawState>({ points: [], markers: [], colors: readChartColors() });
  const { theme } = useTheme();
  const tickRef = useRef(tickSize);
  tickRef.current = tickSize;
  const intervalRef = useRef(interval);
  intervalRef.current = interval;

  useEffect(() => {
    if (!canvas.current) return undefined;
    const colors = (): ChartColors => state.current.colors;
    const instance = new Chart<"bar", CandlePoint[]>(canvas.current, {
      type: "bar",
      data: {
        datasets: [
          {
            label: "Price",
            data: [],
            backgroundColor: (context) => ((context.raw as CandlePoint | undefined)?.up ? colors().up : colors().down),
            borderWidth: 0,
            barPercentage: 0.72,
            categoryPercentage: 1,
            minBarLength: 1,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        parsing: { xAxisKey: "x", yAxisKey: "y" },
        interaction: { mode: "nearest", axis: "x", intersect: false },
        scales: {
          x: {
            type: "linear",
            bounds: "data",
            offset: true,
            grid: { color: colors().grid },
            ticks: {
              color: colors().text,
              maxTicksLimit: 7,
              maxRotation: 0,
              callback: (value) => {
                const points = state.current.points;
                const span = points.length > 1 ? (points[points.length - 1]?.x ?? 0) - (points[0]?.x ?? 0) : 0;
                return formatAxisTime(Number(value), span);
              },
            },
          },
          y: {
            position: "right",
            beginAtZero: false,
            grace: "4%",
            grid: { color: colors().grid },
            ticks: { color: colors().text, callback: (value) => formatPrice(String(value), tickRef.current) },
          },
        },
        plugins: {
          tooltip: {
            backgroundColor: colors().tooltip,
            titleColor: colors().tooltipText,
            bodyColor: colors().tooltipText,
            borderColor: colors().grid,
            borderWidth: 1,
            displayColors: false,
            callbacks: {
              title: (items: TooltipItem<"bar">[]) => {
                const raw = items[0]?.raw as CandlePoint | undefined;
                return raw ? formatDateTime(raw.x) : "";
              },
              label: (item: TooltipItem<"bar">) => {
                const raw = item.raw as CandlePoint;
                const tick = tickRef.current;
                return [`O ${formatPrice(String(raw.o), tick)}   H ${formatPrice(String(raw.h), tick)}`, `L ${formatPrice(String(raw.l), tick)}   C ${formatPrice(String(raw.c), tick)}`];
              },
              afterBody: (items: TooltipItem<"bar">[]) => {
                const raw = items[0]?.raw as CandlePoint | undefined;
                if (!raw) return [];
                return state.current.markers.filter((marker) => marker.x === raw.x).map((marker) => `${marker.side === "buy" ? "▲" : "▼"} ${marker.label}`);
              },
            },
          },
        },
      },
      plugins: [candlePlugin(state)],
    });
    chart.current = instance;
    return () => {
      instance.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    state.current.colors = readChartColors();
    const instance = chart.current;
    if (!instance) return;
    const colors = state.current.colors;
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
      tooltip.borderColor = colors.grid;
    }
    instance.update("none");
  }, [theme]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const points = toCandlePoints(candles);
    state.current.points = points;
    state.current.markers = markers;
    const dataset = instance.data.datasets[0];
    if (dataset) dataset.data = points;
    instance.update("none");
  }, [candles, markers, interval]);

  return (
    <div className="chart chart--candles">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
