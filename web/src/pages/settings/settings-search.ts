/** The settings page's search parameter (`/settings?section=numbering`): beside the route, apart from the page. */
export const SETTINGS_SECTIONS = [
  'company',
  'numbering',
  'terms',
  'categories',
  'delivery',
  'matching',
  'payments',
  'alerts',
  'sessions',
  'jobs',
  'users',
  'api-keys',
  'webhooks',
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export interface SettingsSearch {
  section?: SettingsSection | undefined;
  /** Webhooks: the endpoint whose delivery log is shown (the bell links a disabled one here). */
  endpoint?: string | undefined;
}

export function validateSettingsSearch(s: Record<string, unknown>): SettingsSearch {
  const section = s.section as SettingsSection;
  const endpoint = typeof s.endpoint === 'string' && s.endpoint !== '' ? s.endpoint : undefined;
  return { section: SETTINGS_SECTIONS.includes(section) ? section : undefined, endpoint };
}
