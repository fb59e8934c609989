/** A finding's severity in words with a coloured dot (the text keeps the theme's contrast). */
import { Badge } from '@mantine/core';
import { useT } from '../../i18n/i18n';
import type { FindingSeverity } from './findings-search';

const SEVERITY_COLORS: Record<FindingSeverity, string> = { high: 'red', medium: 'orange', low: 'gray' };

export function SeverityBadge({ severity }: { severity: FindingSeverity }) {
  const t = useT();
  return (
    <Badge size="sm" variant="dot" color={SEVERITY_COLORS[severity]} miw="max-content">
      {t(`findings.severity.${severity}`)}
    </Badge>
  );
}
