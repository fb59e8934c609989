/** Receivable categories (GET/POST /v1/categories): the tree; add a category or subcategory (write). */
import { Button, Group, List, Select, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import { Can } from '../../session/session';
import { SettingsCard } from './SettingsCard';

type Category = components['schemas']['Category'];

export function CategoriesSection() {
  const t = useT();
  const categories = useQuery({ queryKey: ['categories'], queryFn: () => data(api.GET('/v1/categories')) });
  return (
    <SettingsCard title={t('settings.section.categories')} hint={t('settings.categories.hint')}>
      <QueryView query={categories}>
        {(answer) => (
          <>
            <Can access="write">
              <AddCategoryForm categories={answer.items} />
            </Can>
            {answer.items.length === 0 ? (
              <EmptyState hint={t('settings.categories.empty')} />
            ) : (
              <List size="sm" data-testid="categories-tree">
                {answer.items.map((c) => (
                  <List.Item key={c.id}>
                    {c.name}
                    {c.subcategories.length > 0 && (
                      <List withPadding size="sm">
                        {c.subcategories.map((s) => (
                          <List.Item key={s.id}>{s.name}</List.Item>
                        ))}
                      </List>
                    )}
                  </List.Item>
                ))}
              </List>
            )}
          </>
        )}
      </QueryView>
    </SettingsCard>
  );
}

function AddCategoryForm({ categories }: { categories: Category[] }) {
  const t = useT();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [parent, setParent] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      data(api.POST('/v1/categories', { body: { name: name.trim(), ...(parent ? { parent } : {}) } })),
    onSuccess: () => {
      setName('');
      void qc.invalidateQueries({ queryKey: ['categories'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.categories.add')}>
      <ProblemAlert error={add.error} fields={['name', 'parent']} />
      <Group align="flex-start" gap="xs">
        <TextInput
          size="xs"
          label={t('settings.categories.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(add.error, 'name')}
        />
        <Select
          size="xs"
          clearable
          label={t('settings.categories.parent')}
          placeholder={t('settings.categories.topLevel')}
          data={categories.map((c) => c.name)}
          value={parent}
          onChange={setParent}
          error={fieldError(add.error, 'parent')}
        />
        <Button type="submit" size="xs" mt={22} loading={add.isPending}>
          {t('settings.categories.add')}
        </Button>
      </Group>
    </form>
  );
}
