import { useEffect } from "react";
import { portfolio as loadPortfolio, stats as loadStats } from "../../api/portfolio";
import type { Portfolio, PortfolioStats } from "../../api/types";
import { useClient } from "../../state/auth";
import { useStreamMessages } from "../../state/stream";
import { useAsync, type AsyncState } from "../../state/useAsync";

export interface PortfolioData {
  portfolio: Portfolio;
  stats: PortfolioStats;
}

/** The portfolio valued at current prices and its statistics; fresh after every trade and every 30 s. */
export function usePortfolioData(refreshMs = 30_000): AsyncState<PortfolioData> {
  const client = useClient();
  const state = useAsync(async () => {
    const [portfolio, stats] = await Promise.all([loadPortfolio(client), loadStats(client)]);
    return { portfolio, stats };
  }, [client]);
  const { reload } = state;

  useStreamMessages((message) => {
    if (message.type === "trade" || message.type === "portfolio") reload();
  });

  useEffect(() => {
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [reload, refreshMs]);

  return state;
}
