import { useEffect, useMemo } from "react";
import { AppShell } from "./components/AppShell";
import { AuthLayout } from "./components/AuthLayout";
import { Loading } from "./components/Spinner";
import { ToastViewport } from "./components/Toast";
import { BotPage } from "./pages/BotPage";
import { DashboardPage } from "./pages/dashboard/DashboardPage";
import { DecisionDetailPage } from "./pages/decisions/DecisionDetailPage";
import { DecisionsPage } from "./pages/decisions/DecisionsPage";
import { CheckEmailPage } from "./pages/auth/CheckEmailPage";
import { LoginPage } from "./pages/auth/LoginPage";
import { RegisterPage } from "./pages/auth/RegisterPage";
import { SetupMfaPage } from "./pages/auth/SetupMfaPage";
import { VerifyEmailPage } from "./pages/auth/VerifyEmailPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { SettingsPage } from "./pages/settings/SettingsPage";
import { TradePage } from "./pages/TradePage";
import { TradesPage } from "./pages/TradesPage";
import { redirectFor, routeTitle, type Route } from "./routes";
import { AuthProvider, createBrowserClient, useAuth } from "./state/auth";
import { MarketProvider } from "./state/market";
import { RouterProvider, useRouter } from "./state/router";
import { StreamProvider } from "./state/stream";
import { ThemeProvider } from "./state/ThemeProvider";
import { ToastProvider, useToasts } from "./state/toasts";

function AppPage({ route }: { route: Route }) {
  switch (route.name) {
    case "dashboard":
      return <DashboardPage />;
    case "trades":
      return <TradesPage filters={route.filters} />;
    case "decisions":
      return <DecisionsPage filters={route.filters} />;
    case "decision":
      return <DecisionDetailPage id={route.id} />;
    case "bot":
      return <BotPage />;
    case "trade":
      return <TradePage initialSymbol={route.symbol} initialSide={route.side} />;
    case "settings":
      return <SettingsPage />;
    default:
      return <NotFoundPage />;
  }
}

function PublicPage({ route }: { route: Route }) {
  switch (route.name) {
    case "login":
      return <LoginPage next={route.next} />;
    case "register":
      return <RegisterPage />;
    case "checkEmail":
      return <CheckEmailPage />;
    case "verifyEmail":
      return <VerifyEmailPage token={route.token} />;
    case "setup2fa":
      return <SetupMfaPage />;
    default:
      return <NotFoundPage />;
  }
}

const PUBLIC_FRAME: ReadonlySet<Route["name"]> = new Set(["login", "register", "checkEmail", "verifyEmail", "setup2fa"]);

function Root() {
  const { state, access, user } = useAuth();
  const { route, url, navigate } = useRouter();
  const { clear } = useToasts();
  // After signing out, the sign-in page does not offer to go back to the page the user left.
  const signedOut = state.status === "anonymous" && state.signedOut === true;
  const target = access === null ? null : redirectFor(route, access, signedOut ? "/" : url);

  useEffect(() => {
    if (target) navigate(target, { replace: true });
  }, [target, navigate]);

  useEffect(() => {
    document.title = routeTitle(route);
  }, [route]);

  // Signing out forgets everything shown about the user, notifications included.
  useEffect(() => {
    if (access === "anonymous") clear();
  }, [access, clear]);

  if (state.status === "loading" || target) {
    return (
      <div className="page-loading">
        <Loading label="Starting Draizer…" />
      </div>
    );
  }
  if (PUBLIC_FRAME.has(route.name) || access !== "signedIn" || !user) {
    return (
      <AuthLayout wide={route.name === "setup2fa"}>
        <PublicPage route={route} />
      </AuthLayout>
    );
  }
  // Keyed by the user: another account never sees a previous one's state.
  return (
    <MarketProvider key={user.id}>
      <StreamProvider>
        <AppShell>
          <AppPage route={route} />
        </AppShell>
      </StreamProvider>
    </MarketProvider>
  );
}

export function App() {
  const client = useMemo(createBrowserClient, []);
  return (
    <ThemeProvider>
      <ToastProvider>
        <RouterProvider>
          <AuthProvider client={client}>
            <Root />
          </AuthProvider>
          <ToastViewport />
        </RouterProvider>
      </ToastProvider>
    </ThemeProvider>
  );
}
