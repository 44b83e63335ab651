import { useState } from "react";
import { bot as loadBot } from "../../api/ai";
import { Card } from "../../components/Card";
import { ErrorState } from "../../components/ErrorState";
import { SelectField } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { Loading } from "../../components/Spinner";
import { useClient } from "../../state/auth";
import { DEFAULT_SYMBOL, useMarket } from "../../state/market";
import { useAsync } from "../../state/useAsync";
import { CandlesCard } from "./CandlesCard";
import { EquityCard } from "./EquityCard";
import { KpiGrid } from "./KpiGrid";
import { LatestDecisionCard } from "./LatestDecisionCard";
import { PositionsCard } from "./PositionsCard";
import { PriceHeader } from "./PriceHeader";
import { usePortfolioData } from "./usePortfolioData";

export function DashboardPage() {
  const client = useClient();
  const { symbols } = useMarket();
  const botSymbol = useAsync(() => loadBot(client).then((bot) => bot.symbol, () => undefined), [client]);
  const [chosen, setChosen] = useState<string | null>(null);
  const symbol = chosen ?? botSymbol.data ?? DEFAULT_SYMBOL;
  const data = usePortfolioData();

  return (
    <>
      <PageHeader title="Dashboard">
        {symbols.length > 1 && (
          <SelectField label="Symbol" value={symbol} onChange={(event) => setChosen(event.target.value)} options={symbols.map((info) => ({ value: info.symbol, label: `${info.base_asset}/${info.quote_asset}` }))} className="field--inline" />
        )}
      </PageHeader>
      <PriceHeader symbol={symbol} />
      {data.loading ? (
        <Card>
          <Loading label="Loading your portfolio…" />
        </Card>
      ) : data.error && !data.data ? (
        <ErrorState error={data.error} onRetry={data.reload} title="Could not load your portfolio" />
      ) : data.data ? (
        <KpiGrid portfolio={data.data.portfolio} stats={data.data.stats} />
      ) : null}
      <div className="grid-2">
        <CandlesCard symbol={symbol} />
        <LatestDecisionCard />
      </div>
      <div className="grid-halves">
        <EquityCard symbol={symbol} portfolio={data.data?.portfolio} />
        {data.data && <PositionsCard portfolio={data.data.portfolio} />}
      </div>
    </>
  );
}
