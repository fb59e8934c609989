/** A page's title (also the document title) and the actions on its right. */
import { Group, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · cashloop`;
  }, [title]);
  return (
    <Group justify="space-between" mb="sm" wrap="nowrap">
      <Title order={1} size="h3">
        {title}
      </Title>
      {children && <Group gap="xs">{children}</Group>}
    </Group>
  );
}
