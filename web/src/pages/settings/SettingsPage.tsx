import { PageHeader } from "../../components/PageHeader";
import { useAuth } from "../../state/auth";
import { AppearanceSection } from "./AppearanceSection";
import { DangerSection } from "./DangerSection";
import { ExchangeSection } from "./ExchangeSection";
import { PasswordSection } from "./PasswordSection";
import { ProfileSection } from "./ProfileSection";
import { SecurityEventsSection } from "./SecurityEventsSection";
import { SessionsSection } from "./SessionsSection";
import { TwoFactorSection } from "./TwoFactorSection";

const SECTIONS: [string, string][] = [
  ["profile", "Profile"],
  ["password", "Password"],
  ["two-factor", "2FA"],
  ["sessions", "Sessions"],
  ["security-events", "Security events"],
  ["exchange", "Testnet keys"],
  ["danger", "Danger zone"],
];

export function SettingsPage() {
  const { user } = useAuth();
  if (!user) return null;
  return (
    <>
      <PageHeader title="Settings" />
      <nav aria-label="Settings sections">
        <ul className="settings-nav" role="list">
          {SECTIONS.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`} className="btn btn--ghost btn--sm">
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="grid-halves">
        <div className="stack">
          <ProfileSection user={user} />
          <PasswordSection user={user} />
          <AppearanceSection />
        </div>
        <div className="stack">
          <TwoFactorSection user={user} />
          <ExchangeSection />
        </div>
      </div>
      <SessionsSection />
      <SecurityEventsSection />
      <DangerSection />
    </>
  );
}
