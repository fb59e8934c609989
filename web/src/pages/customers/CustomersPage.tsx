/** Customers: not built yet; says what it will hold (see docs/web.md, "Adding a page"). */
import { PlannedPage } from '../PlannedPage';

export function CustomersPage() {
  return <PlannedPage title="nav.customers" plan="page.customers.plan" />;
}
