/** An app URL that names no page. */
import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useT } from '../i18n/i18n';

export function NotFoundPage() {
  const t = useT();
  return (
    <Stack p="md" component="main">
      <Text>{t('state.notFound')}</Text>
      <Anchor component={Link} to="/">
        {t('state.backHome')}
      </Anchor>
    </Stack>
  );
}
