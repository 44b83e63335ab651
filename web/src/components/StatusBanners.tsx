// Notices that hold on every page: simulated or replayed market data, an unverified email address, and
// live updates that have been down for a while.

import { useState } from "react";
import { resendVerification } from "../api/auth";
import { errorMessage } from "../api/problem";
import { useAuth } from "../state/auth";
import { useMarket } from "../state/market";
import { useStreamStatus } from "../state/stream";
import { useToasts } from "../state/toasts";
import { Banner } from "./Banner";
import { Button } from "./Button";

export function MarketSourceBanner() {
  const { readiness, synthetic } = useMarket();
  if (!synthetic) return null;
  const source = readiness?.market_source ?? "simulated";
  return (
    <Banner tone="warning" title={source === "replay" ? "Replayed market" : "Simulated market"}>
      {source === "replay"
        ? "Prices are a recording being replayed, not the live market."
        : `${readiness?.market_source_name ? `${readiness.market_source_name}: p` : "P"}rices are generated, not the real market's. Every trade here is paper trading.`}
    </Banner>
  );
}

function EmailBanner() {
  const { client, user } = useAuth();
  const { push } = useToasts();
  const [sending, setSending] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  if (!user || user.is_verified || dismissed) return null;
  const resend = async () => {
    setSending(true);
    try {
      await resendVerification(client);
      push({ kind: "info", title: "Verification email sent", message: `Check ${user.email}.` });
    } catch (error) {
      push({ kind: "error", title: "Could not send the email", message: errorMessage(error) });
    } finally {
      setSending(false);
    }
  };
  return (
    <Banner
      tone="info"
      title="Verify your email"
      actions={
        <>
          <Button size="sm" onClick={() => void resend()} loading={sending}>
            Resend link
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setDismissed(true)} aria-label="Hide this notice">
            Hide
          </Button>
        </>
      }
    >
      We sent a link to {user.email}.
    </Banner>
  );
}

function StreamBanner() {
  const { status, retryInMs } = useStreamStatus();
  if (status === "stopped") {
    return (
      <Banner tone="danger" title="Live updates stopped">
        Reload the page to reconnect.
      </Banner>
    );
  }
  if (status === "reconnecting" && retryInMs !== undefined && retryInMs >= 4000) {
    return (
      <Banner tone="warning" title="Live updates interrupted">
        Reconnecting in {Math.round(retryInMs / 1000)} s; figures may be out of date.
      </Banner>
    );
  }
  return null;
}

export function StatusBanners() {
  return (
    <div className="banners">
      <MarketSourceBanner />
      <StreamBanner />
      <EmailBanner />
    </div>
  );
}
