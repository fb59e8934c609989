/** Reports: not built yet; says what it will hold (see docs/web.md, "Adding a page"). */
import { PlannedPage } from '../PlannedPage';

export function ReportsPage() {
  return <PlannedPage title="nav.reports" plan="page.reports.plan" />;
}
