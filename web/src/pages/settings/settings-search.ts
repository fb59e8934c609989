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
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export interface SettingsSearch {
  section?: SettingsSection | undefined;
}

export function validateSettingsSearch(s: Record<string, unknown>): SettingsSearch {
  const section = s.section as SettingsSection;
  return { section: SETTINGS_SECTIONS.includes(section) ? section : undefined };
}
