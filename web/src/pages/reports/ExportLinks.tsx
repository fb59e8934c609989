/**
 * CSV and XLSX downloads of a report, made by the server (`…/export?format=csv|xlsx`): plain
 * links, so the browser downloads with the session cookie and nothing is computed here.
 */
import { Button, Group } from '@mantine/core';
import { useT } from '../../i18n/i18n';

export function exportUrl(path: string, params: Record<string, string | undefined>, format: 'csv' | 'xlsx') {
  const query = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, v);
  return `${path}?${query.toString()}`;
}

export function ExportLinks({
  path,
  params = {},
  label,
}: {
  path: string;
  params?: Record<string, string | undefined>;
  /** What is exported, for screen readers ("Export the aging as CSV"). */
  label: string;
}) {
  const t = useT();
  return (
    <Group gap={4}>
      {(['csv', 'xlsx'] as const).map((format) => (
        <Button
          key={format}
          component="a"
          href={exportUrl(path, params, format)}
          download
          size="xs"
          variant="default"
          aria-label={t(format === 'csv' ? 'reports.export.csvOf' : 'reports.export.xlsxOf', { what: label })}
          data-testid={`export-${format}`}
        >
          {t(format === 'csv' ? 'reports.export.csv' : 'reports.export.xlsx')}
        </Button>
      ))}
    </Group>
  );
}
