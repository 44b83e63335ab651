import { Card } from "../../components/Card";
import { Segmented } from "../../components/Field";
import { useTheme } from "../../state/ThemeProvider";
import type { ThemePreference } from "../../state/theme";

export function AppearanceSection() {
  const { preference, setPreference } = useTheme();
  return (
    <Card title="Appearance" id="appearance">
      <Segmented<ThemePreference>
        label="Theme"
        value={preference}
        onChange={setPreference}
        options={[
          { value: "system", label: "◐ System" },
          { value: "dark", label: "☾ Dark" },
          { value: "light", label: "☀ Light" },
        ]}
      />
    </Card>
  );
}
