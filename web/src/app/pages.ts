/**
 * The main pages: path, navigation label and keyboard shortcut (`g` then the key). The router and
 * the navigation both read this list, so a page added here is reachable by link and by key.
 */
import type { MessageKey } from '../i18n/messages';

export interface MainPage {
  readonly path:
    | '/'
    | '/customers'
    | '/invoices'
    | '/cash'
    | '/collections'
    | '/dunning'
    | '/reports'
    | '/settings';
  readonly label: MessageKey;
  readonly key: string;
}

export const MAIN_PAGES: readonly MainPage[] = [
  { path: '/', label: 'nav.overview', key: 'o' },
  { path: '/customers', label: 'nav.customers', key: 'c' },
  { path: '/invoices', label: 'nav.invoices', key: 'i' },
  { path: '/cash', label: 'nav.cash', key: 'a' },
  { path: '/collections', label: 'nav.collections', key: 'l' },
  { path: '/dunning', label: 'nav.dunning', key: 'd' },
  { path: '/reports', label: 'nav.reports', key: 'r' },
  { path: '/settings', label: 'nav.settings', key: 's' },
];
