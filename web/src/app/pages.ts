/**
 * The main pages: path, navigation label and keyboard shortcut (`g` then the key). The router and
 * the navigation both read this list, so a page added here is reachable by link and by key. A page
 * with `access` is shown (and its shortcut works) only for the roles the API grants it to.
 */
import type { MessageKey } from '../i18n/messages';
import type { Access } from '../session/session-api';

export interface MainPage {
  readonly path:
    | '/'
    | '/customers'
    | '/invoices'
    | '/cash'
    | '/collections'
    | '/dunning'
    | '/reports'
    | '/findings'
    | '/settings';
  readonly label: MessageKey;
  readonly key: string;
  /** The permission the page's API needs; absent: every signed-in user. */
  readonly access?: Access;
}

export const MAIN_PAGES: readonly MainPage[] = [
  { path: '/', label: 'nav.overview', key: 'o' },
  { path: '/customers', label: 'nav.customers', key: 'c' },
  { path: '/invoices', label: 'nav.invoices', key: 'i' },
  { path: '/cash', label: 'nav.cash', key: 'a' },
  { path: '/collections', label: 'nav.collections', key: 'l' },
  { path: '/dunning', label: 'nav.dunning', key: 'd' },
  { path: '/reports', label: 'nav.reports', key: 'r' },
  { path: '/findings', label: 'nav.findings', key: 'f', access: 'admin' },
  { path: '/settings', label: 'nav.settings', key: 's' },
];

/** The main pages the signed-in user may open (`can`: the session's permissions). */
export function pagesFor(can: (access: Access) => boolean): readonly MainPage[] {
  return MAIN_PAGES.filter((page) => page.access === undefined || can(page.access));
}
