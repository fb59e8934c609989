/** Invoices: not built yet; says what it will hold (see docs/web.md, "Adding a page"). */
import { PlannedPage } from '../PlannedPage';

export function InvoicesPage() {
  return <PlannedPage title="nav.invoices" plan="page.invoices.plan" />;
}
