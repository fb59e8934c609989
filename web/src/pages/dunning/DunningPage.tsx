/** Dunning: not built yet; says what it will hold (see docs/web.md, "Adding a page"). */
import { PlannedPage } from '../PlannedPage';

export function DunningPage() {
  return <PlannedPage title="nav.dunning" plan="page.dunning.plan" />;
}
