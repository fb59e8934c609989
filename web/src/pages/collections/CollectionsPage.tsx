/** Collections: not built yet; says what it will hold (see docs/web.md, "Adding a page"). */
import { PlannedPage } from '../PlannedPage';

export function CollectionsPage() {
  return <PlannedPage title="nav.collections" plan="page.collections.plan" />;
}
