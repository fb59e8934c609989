/**
 * Saved views of the invoice list (GET/POST/PATCH/DELETE /v1/saved-views): pick one (its query
 * string becomes the URL), save the current filters, rename, share, make default, delete. The
 * user's default view opens when the list is opened without filters.
 */
import { ActionIcon, Button, Checkbox, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n/i18n';

type View = components['schemas']['SavedView'];

export function useSavedViews() {
  return useQuery({
    queryKey: ['saved-views', 'invoices'],
    queryFn: () => data(api.GET('/v1/saved-views', { params: { query: { page: 'invoices' } } })),
  });
}

/** Opens the user's default view once, when the list is opened without any filter. */
export function useDefaultView(isEmpty: boolean, open: (query: string) => void) {
  const views = useSavedViews();
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !views.data) return;
    done.current = true;
    const preferred = views.data.items.find((v) => v.mine && v.isDefault);
    if (isEmpty && preferred) open(preferred.query);
  }, [views.data, isEmpty, open]);
}

export function SavedViews({ current, open }: { current: string; open: (query: string) => void }) {
  const t = useT();
  const views = useSavedViews();
  const [editing, setEditing] = useState<View | 'new' | null>(null);
  const items = views.data?.items ?? [];
  return (
    <Group gap={4}>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="default" data-testid="saved-views">
            {t('inv.views')} ({items.length})
          </Button>
        </Menu.Target>
        <Menu.Dropdown maw={360}>
          {items.length === 0 && (
            <Text size="xs" c="dimmed" p="xs">
              {t('inv.views.none')}
            </Text>
          )}
          {items.map((v) => (
            <ViewItem key={v.id} view={v} current={current} open={open} edit={() => setEditing(v)} />
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button size="xs" variant="light" onClick={() => setEditing('new')}>
        {t('inv.views.save')}
      </Button>
      <ViewModal editing={editing} query={current} onClose={() => setEditing(null)} />
    </Group>
  );
}

function ViewItem({
  view,
  current,
  open,
  edit,
}: {
  view: View;
  current: string;
  open: (q: string) => void;
  edit: () => void;
}) {
  const t = useT();
  const remove = useViewWrite(() =>
    data(api.DELETE('/v1/saved-views/{id}', { params: { path: { id: view.id } } })),
  );
  return (
    <Group gap={4} wrap="nowrap" px={4}>
      <Menu.Item onClick={() => open(view.query)} fw={view.query === current ? 700 : 400} style={{ flex: 1 }}>
        {view.name}
        {view.isDefault ? ' ★' : ''}
        {!view.mine && (
          <Text span size="xs" c="dimmed">
            {' '}
            · {t('inv.views.sharedBy', { name: view.owner.name })}
          </Text>
        )}
      </Menu.Item>
      {view.mine && (
        <>
          <ActionIcon
            size="sm"
            variant="subtle"
            aria-label={`${t('inv.views.rename')}: ${view.name}`}
            onClick={edit}
          >
            ✎
          </ActionIcon>
          <ActionIcon
            size="sm"
            variant="subtle"
            color="red"
            aria-label={`${t('inv.views.delete')}: ${view.name}`}
            onClick={() => remove.mutate(undefined)}
          >
            ×
          </ActionIcon>
        </>
      )}
    </Group>
  );
}

function useViewWrite<B>(send: (body: B) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => qc.invalidateQueries({ queryKey: ['saved-views'] }),
  });
}

interface ViewForm {
  name: string;
  shared: boolean;
  isDefault: boolean;
}

function ViewModal({
  editing,
  query,
  onClose,
}: {
  editing: View | 'new' | null;
  query: string;
  onClose: () => void;
}) {
  const t = useT();
  const existing = editing !== null && editing !== 'new' ? editing : null;
  const [form, setForm] = useState<ViewForm>({ name: '', shared: false, isDefault: false });
  useEffect(() => {
    setForm(
      existing
        ? { name: existing.name, shared: existing.shared, isDefault: existing.isDefault }
        : { name: '', shared: false, isDefault: false },
    );
  }, [existing]);
  const save = useViewWrite((body: ViewForm) =>
    existing
      ? data(api.PATCH('/v1/saved-views/{id}', { params: { path: { id: existing.id } }, body }))
      : data(api.POST('/v1/saved-views', { body: { ...body, page: 'invoices', query } })),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(form, { onSuccess: onClose });
  };
  return (
    <Modal
      opened={editing !== null}
      onClose={onClose}
      title={existing ? t('inv.views.rename') : t('inv.views.save')}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <ProblemAlert error={save.error} fields={['name', 'query']} />
          <TextInput
            label={t('inv.views.name')}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            error={fieldError(save.error, 'name')}
            data-autofocus
          />
          <Checkbox
            label={t('inv.views.shared')}
            checked={form.shared}
            onChange={(e) => setForm({ ...form, shared: e.currentTarget.checked })}
          />
          <Checkbox
            label={t('inv.views.default')}
            checked={form.isDefault}
            onChange={(e) => setForm({ ...form, isDefault: e.currentTarget.checked })}
          />
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={save.isPending}>
              {t('form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
