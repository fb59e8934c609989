/** Cash: not built yet; says what it will hold (see docs/web.md, "Adding a page"). */
import { PlannedPage } from '../PlannedPage';

export function CashPage() {
  return <PlannedPage title="nav.cash" plan="page.cash.plan" />;
}
