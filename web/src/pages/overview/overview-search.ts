/** The overview's search parameters (`/?currency=EUR`): beside the route, apart from the page (loaded on visit). */
export interface OverviewSearch {
  currency?: string | undefined;
}

export function validateOverviewSearch(search: Record<string, unknown>): OverviewSearch {
  const currency = typeof search.currency === 'string' ? search.currency.toUpperCase() : undefined;
  return { currency: currency && /^[A-Z]{3}$/.test(currency) ? currency : undefined };
}
