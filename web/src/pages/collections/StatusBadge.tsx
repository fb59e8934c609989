/**
 * A status of a dispute, promise, hold or letter as a badge in words with a coloured dot (the text
 * keeps the theme's text colour: light badges in yellow or orange fail WCAG AA contrast).
 */
import { Badge } from '@mantine/core';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const COLORS: Record<string, string> = {
  open: 'blue',
  due: 'orange',
  kept: 'green',
  resolved: 'green',
  sent: 'green',
  recorded: 'green',
  broken: 'red',
  failed: 'red',
  rejected: 'gray',
  cancelled: 'gray',
  planned: 'yellow',
  queued: 'blue',
  manual: 'grape',
  automatic: 'cyan',
};

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  const key = `collections.status.${status}` as MessageKey;
  return (
    <Badge size="sm" variant="dot" color={COLORS[status] ?? 'gray'}>
      {t(key) ?? status}
    </Badge>
  );
}
