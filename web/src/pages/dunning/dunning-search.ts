import { str } from '../../app/search-params';

/** The URL search parameters of the Dunning pages (every view a deep link). */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface PoliciesSearch {
  /** The policy being edited in the drawer. */
  edit?: string | undefined;
}
export function validatePoliciesSearch(search: Record<string, unknown>): PoliciesSearch {
  return { edit: str(search.edit) };
}

export interface RunSearch {
  /** The day to preview and run (default: today). */
  asOf?: string | undefined;
}
export function validateRunSearch(search: Record<string, unknown>): RunSearch {
  const asOf = str(search.asOf);
  return { asOf: asOf && DATE.test(asOf) ? asOf : undefined };
}

export interface RunsSearch {
  /** The run whose letters are shown. */
  run?: string | undefined;
}
export function validateRunsSearch(search: Record<string, unknown>): RunsSearch {
  return { run: str(search.run) };
}

export interface TemplatesSearch {
  template?: string | undefined;
  language?: string | undefined;
}
export function validateTemplatesSearch(search: Record<string, unknown>): TemplatesSearch {
  return { template: str(search.template), language: str(search.language) };
}
