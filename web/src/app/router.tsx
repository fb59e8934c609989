/**
 * Routes (TanStack Router, code-based): every page has a URL, and its filters live in the URL's
 * search parameters (`validateSearch`), so every view is a deep link. `/sign-in` stands alone;
 * the other pages sit under the `app` layout, which requires a session and draws the shell.
 */
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, Outlet } from '@tanstack/react-router';
import { CashImportPage } from '../pages/cash/CashImportPage';
import { CashPage } from '../pages/cash/CashPage';
import { CashRulesPage } from '../pages/cash/CashRulesPage';
import { validateCashSearch } from '../pages/cash/cash-search';
import {
  validateDisputesSearch,
  validateHoldsSearch,
  validatePromisesSearch,
  validateWorklistSearch,
} from '../pages/collections/collections-search';
import { DisputesPage } from '../pages/collections/DisputesPage';
import { HoldsPage } from '../pages/collections/HoldsPage';
import { PromisesPage } from '../pages/collections/PromisesPage';
import { WorklistPage } from '../pages/collections/WorklistPage';
import { CustomerPage } from '../pages/customers/CustomerPage';
import { CustomersPage } from '../pages/customers/CustomersPage';
import { validateCustomerSearch, validateCustomersSearch } from '../pages/customers/customers-search';
import {
  validatePoliciesSearch,
  validateRunSearch,
  validateRunsSearch,
  validateTemplatesSearch,
} from '../pages/dunning/dunning-search';
import { PoliciesPage } from '../pages/dunning/PoliciesPage';
import { PrintQueuePage } from '../pages/dunning/PrintQueuePage';
import { RunPage } from '../pages/dunning/RunPage';
import { RunsPage } from '../pages/dunning/RunsPage';
import { TemplatesPage } from '../pages/dunning/TemplatesPage';
import { InvoiceEditPage, InvoiceNewPage } from '../pages/invoices/InvoiceEditorPage';
import { InvoicePage } from '../pages/invoices/InvoicePage';
import { InvoicesPage } from '../pages/invoices/InvoicesPage';
import { validateInvoicesSearch } from '../pages/invoices/invoices-search';
import { NotFoundPage } from '../pages/NotFoundPage';
import { OverviewPage, validateOverviewSearch } from '../pages/overview/OverviewPage';
import { AgingItemsPage, validateAgingItemsSearch } from '../pages/reports/AgingItemsPage';
import { ReportsPage, validateReportsSearch } from '../pages/reports/ReportsPage';
import { SettingsPage, validateSettingsSearch } from '../pages/settings/SettingsPage';
import { SignInPage } from '../pages/sign-in/SignInPage';
import { RequireSession } from './RequireSession';
import { StartupGate } from './StartupGate';
import { parsePlainSearch, stringifyPlainSearch } from './search-params';

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: () => (
    <StartupGate>
      <Outlet />
    </StartupGate>
  ),
  notFoundComponent: NotFoundPage,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string | undefined } => ({
    redirect: typeof search.redirect === 'string' ? search.redirect : undefined,
  }),
  component: SignInPage,
});

const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: RequireSession });

const page = <P extends string>(path: P, component: () => React.ReactNode) =>
  createRoute({ getParentRoute: () => appRoute, path, component });

const overviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  validateSearch: validateOverviewSearch,
  component: OverviewPage,
});

const reportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports',
  validateSearch: validateReportsSearch,
  component: ReportsPage,
});

const agingItemsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/aging/items',
  validateSearch: validateAgingItemsSearch,
  component: AgingItemsPage,
});

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  validateSearch: validateSettingsSearch,
  component: SettingsPage,
});

const cashRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cash',
  validateSearch: validateCashSearch,
  component: CashPage,
});

/** A page whose filters live in the URL (`validateSearch` beside the page). */
const searchPage = <P extends string, S>(
  path: P,
  validateSearch: (search: Record<string, unknown>) => S,
  component: () => React.ReactNode,
) => createRoute({ getParentRoute: () => appRoute, path, validateSearch, component });

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([
    overviewRoute,
    searchPage('/customers', validateCustomersSearch, CustomersPage),
    searchPage('/customers/$customerId', validateCustomerSearch, CustomerPage),
    searchPage('/invoices', validateInvoicesSearch, InvoicesPage),
    page('/invoices/new', InvoiceNewPage),
    page('/invoices/$invoiceId', InvoicePage),
    page('/invoices/$invoiceId/edit', InvoiceEditPage),
    cashRoute,
    page('/cash/import', CashImportPage),
    page('/cash/rules', CashRulesPage),
    searchPage('/collections', validateWorklistSearch, WorklistPage),
    searchPage('/collections/disputes', validateDisputesSearch, DisputesPage),
    searchPage('/collections/promises', validatePromisesSearch, PromisesPage),
    searchPage('/collections/holds', validateHoldsSearch, HoldsPage),
    searchPage('/dunning', validatePoliciesSearch, PoliciesPage),
    searchPage('/dunning/run', validateRunSearch, RunPage),
    searchPage('/dunning/runs', validateRunsSearch, RunsPage),
    page('/dunning/print', PrintQueuePage),
    searchPage('/dunning/templates', validateTemplatesSearch, TemplatesPage),
    reportsRoute,
    agingItemsRoute,
    settingsRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    parseSearch: parsePlainSearch,
    stringifySearch: stringifyPlainSearch,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
