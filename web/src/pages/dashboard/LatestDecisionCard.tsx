import { bot as loadBot, decisions as loadDecisions } from "../../api/ai";
import { ApiError } from "../../api/problem";
import type { BotSettings, Decision } from "../../api/types";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { Loading } from "../../components/Spinner";
import { BotStatusBadge } from "../../components/TradingBadges";
import { formatRelative } from "../../format";
import { useClient } from "../../state/auth";
import { Link } from "../../state/router";
import { useNow, useStreamMessages } from "../../state/stream";
import { useAsync } from "../../state/useAsync";
import { DecisionSummary } from "../decisions/DecisionSummary";

interface Latest {
  decision: Decision | null;
  bot: BotSettings | null;
}

/** A 404 from the AI endpoints means this server has no bot (yet): shown as empty, not as an error. */
async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function LatestDecisionCard() {
  const client = useClient();
  const now = useNow(15_000);
  const latest = useAsync<Latest>(async () => {
    const [page, bot] = await Promise.all([orNull(loadDecisions(client, { per_page: 1 })), orNull(loadBot(client))]);
    return { decision: page?.items[0] ?? null, bot };
  }, [client]);
  const { setData } = latest;

  useStreamMessages((message) => {
    if (message.type === "decision") {
      const { type: _type, ...decision } = message;
      setData((previous) => ({ bot: previous?.bot ?? null, decision }));
    } else if (message.type === "bot") {
      const { type: _type, ...bot } = message;
      setData((previous) => ({ decision: previous?.decision ?? null, bot }));
    }
  });

  const bot = latest.data?.bot;
  return (
    <Card
      title="Latest AI decision"
      actions={
        bot && (
          <>
            <BotStatusBadge status={bot.status} />
            {bot.status === "running" && bot.next_run_at && <span className="small muted">next {formatRelative(Date.parse(bot.next_run_at), now)}</span>}
          </>
        )
      }
    >
      {latest.loading ? (
        <Loading label="Loading the latest decision…" />
      ) : latest.error ? (
        <ErrorState error={latest.error} onRetry={latest.reload} />
      ) : latest.data?.decision ? (
        <DecisionSummary decision={latest.data.decision} clamp />
      ) : (
        <EmptyState title="No decisions yet" action={<Link to="/bot">Start the bot or analyze now →</Link>}>
          The bot's decisions, with their reasoning, appear here as they are made.
        </EmptyState>
      )}
    </Card>
  );
}
