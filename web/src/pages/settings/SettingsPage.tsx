/** Settings: not built yet; says what it will hold (see docs/web.md, "Adding a page"). */
import { PlannedPage } from '../PlannedPage';

export function SettingsPage() {
  return <PlannedPage title="nav.settings" plan="page.settings.plan" />;
}
