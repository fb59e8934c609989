/**
 * Routes (TanStack Router, code-based): every page has a URL, and its filters live in the URL's
 * search parameters (`validateSearch`), so every view is a deep link. `/sign-in` stands alone;
 * the other pages sit under the `app` layout, which requires a session and draws the shell.
 */
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  type RouteComponent,
} from '@tanstack/react-router';
import { validateCashSearch } from '../pages/cash/cash-search';
import {
  validateDisputesSearch,
  validateHoldsSearch,
  validatePromisesSearch,
  validateWorklistSearch,
} from '../pages/collections/collections-search';
import { validateCustomerSearch, validateCustomersSearch } from '../pages/customers/customers-search';
import {
  validatePoliciesSearch,
  validateRunSearch,
  validateRunsSearch,
  validateTemplatesSearch,
} from '../pages/dunning/dunning-search';
import { validateFindingsSearch } from '../pages/findings/findings-search';
import { validateInvoicesSearch } from '../pages/invoices/invoices-search';
import { NotFoundPage } from '../pages/NotFoundPage';
import { validateOverviewSearch } from '../pages/overview/overview-search';
import { validateAgingItemsSearch, validateReportsSearch } from '../pages/reports/reports-search';
import { validateSettingsSearch } from '../pages/settings/settings-search';
import { SignInPage } from '../pages/sign-in/SignInPage';
import { RequireSession } from './RequireSession';
import { StartupGate } from './StartupGate';
import { parsePlainSearch, stringifyPlainSearch } from './search-params';

/**
 * Each page is its own chunk, fetched on its first visit (or on hover of a link to it: `intent`
 * preloading): the first visit loads the shell and one page, not the whole app (echarts included).
 */
const CashPage = lazyRouteComponent(() => import('../pages/cash/CashPage'), 'CashPage');
const CashImportPage = lazyRouteComponent(() => import('../pages/cash/CashImportPage'), 'CashImportPage');
const CashRulesPage = lazyRouteComponent(() => import('../pages/cash/CashRulesPage'), 'CashRulesPage');
const DisputesPage = lazyRouteComponent(() => import('../pages/collections/DisputesPage'), 'DisputesPage');
const HoldsPage = lazyRouteComponent(() => import('../pages/collections/HoldsPage'), 'HoldsPage');
const PromisesPage = lazyRouteComponent(() => import('../pages/collections/PromisesPage'), 'PromisesPage');
const WorklistPage = lazyRouteComponent(() => import('../pages/collections/WorklistPage'), 'WorklistPage');
const CustomerPage = lazyRouteComponent(() => import('../pages/customers/CustomerPage'), 'CustomerPage');
const CustomersPage = lazyRouteComponent(() => import('../pages/customers/CustomersPage'), 'CustomersPage');
const PoliciesPage = lazyRouteComponent(() => import('../pages/dunning/PoliciesPage'), 'PoliciesPage');
const PrintQueuePage = lazyRouteComponent(() => import('../pages/dunning/PrintQueuePage'), 'PrintQueuePage');
const RunPage = lazyRouteComponent(() => import('../pages/dunning/RunPage'), 'RunPage');
const RunsPage = lazyRouteComponent(() => import('../pages/dunning/RunsPage'), 'RunsPage');
const TemplatesPage = lazyRouteComponent(() => import('../pages/dunning/TemplatesPage'), 'TemplatesPage');
const FindingsPage = lazyRouteComponent(() => import('../pages/findings/FindingsPage'), 'FindingsPage');
const InvoiceNewPage = lazyRouteComponent(
  () => import('../pages/invoices/InvoiceEditorPage'),
  'InvoiceNewPage',
);
const InvoiceEditPage = lazyRouteComponent(
  () => import('../pages/invoices/InvoiceEditorPage'),
  'InvoiceEditPage',
);
const InvoicePage = lazyRouteComponent(() => import('../pages/invoices/InvoicePage'), 'InvoicePage');
const InvoicesPage = lazyRouteComponent(() => import('../pages/invoices/InvoicesPage'), 'InvoicesPage');
const OverviewPage = lazyRouteComponent(() => import('../pages/overview/OverviewPage'), 'OverviewPage');
const AgingItemsPage = lazyRouteComponent(() => import('../pages/reports/AgingItemsPage'), 'AgingItemsPage');
const ReportsPage = lazyRouteComponent(() => import('../pages/reports/ReportsPage'), 'ReportsPage');
const SettingsPage = lazyRouteComponent(() => import('../pages/settings/SettingsPage'), 'SettingsPage');

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

const page = <P extends string>(path: P, component: RouteComponent) =>
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
  component: RouteComponent,
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
    searchPage('/findings', validateFindingsSearch, FindingsPage),
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
