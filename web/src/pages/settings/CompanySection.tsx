/**
 * Company and letterhead (GET/PATCH /v1/tenant/letterhead): what invoices, statements and letters
 * print. Everyone sees it; an admin edits it (a blank field is cleared). The API's warnings say
 * what documents still lack.
 */
import { Alert, Button, Group, List, SimpleGrid, Table, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components, paths } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useCan } from '../../session/session';
import { SettingsCard } from './SettingsCard';

type Letterhead = components['schemas']['Letterhead'];
type LetterheadPatch = NonNullable<
  paths['/v1/tenant/letterhead']['patch']['requestBody']
>['content']['application/json'];

const TEXT_FIELDS = [
  'name',
  'legalName',
  'taxId',
  'registration',
  'email',
  'phone',
  'website',
  'bankName',
  'iban',
  'bic',
  'country',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const ADDRESS_FIELDS = ['street', 'postalCode', 'city'] as const;
const FIELDS = [...TEXT_FIELDS, 'footer', ...ADDRESS_FIELDS.map((a) => `address.${a}`)];

export function CompanySection() {
  const t = useT();
  const can = useCan();
  const letterhead = useQuery({
    queryKey: ['tenant', 'letterhead'],
    queryFn: () => data(api.GET('/v1/tenant/letterhead')),
  });
  return (
    <SettingsCard title={t('settings.section.company')} hint={t('settings.company.hint')}>
      <QueryView query={letterhead}>
        {(l) => (
          <>
            {l.warnings.length > 0 && (
              <Alert color="yellow" title={t('settings.company.warnings')}>
                <List size="sm">
                  {l.warnings.map((w) => (
                    <List.Item key={w.code}>{w.message}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {can('admin') ? <LetterheadForm letterhead={l} /> : <LetterheadTable letterhead={l} />}
          </>
        )}
      </QueryView>
    </SettingsCard>
  );
}

const label = (f: string) => `settings.company.${f}` as MessageKey;

function LetterheadTable({ letterhead }: { letterhead: Letterhead }) {
  const t = useT();
  return (
    <Table.ScrollContainer minWidth={240}>
      <Table data-testid="letterhead-table">
        <Table.Tbody>
          {TEXT_FIELDS.map((f) => (
            <Table.Tr key={f}>
              <Table.Th w={220}>{t(label(f))}</Table.Th>
              <Table.Td>{letterhead[f] ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th>{t('settings.company.address')}</Table.Th>
            <Table.Td>{letterhead.address ? Object.values(letterhead.address).join(', ') : '—'}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function initialValues(l: Letterhead): Record<string, string> {
  const values: Record<string, string> = { footer: l.footer ?? '' };
  for (const f of TEXT_FIELDS) values[f] = l[f] ?? '';
  for (const a of ADDRESS_FIELDS) values[`address.${a}`] = l.address?.[a] ?? '';
  return values;
}

/** The PATCH body: every field, blank ones as null (cleared); the name is required. */
function patchOf(values: Record<string, string>): LetterheadPatch {
  const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);
  const address: Record<string, string> = {};
  for (const a of ADDRESS_FIELDS) {
    const v = orNull(values[`address.${a}`]);
    if (v) address[a] = v;
  }
  const texts: Partial<Record<TextField, string | null>> = {};
  for (const f of TEXT_FIELDS) texts[f] = orNull(values[f]);
  return {
    ...texts,
    name: (values.name ?? '').trim(),
    footer: orNull(values.footer),
    address: Object.keys(address).length > 0 ? address : null,
  };
}

function LetterheadForm({ letterhead }: { letterhead: Letterhead }) {
  const t = useT();
  const qc = useQueryClient();
  const [values, setValues] = useState(() => initialValues(letterhead));
  const save = useMutation({
    mutationFn: (body: LetterheadPatch) => data(api.PATCH('/v1/tenant/letterhead', { body })),
    onSuccess: (l) => {
      qc.setQueryData(['tenant', 'letterhead'], l);
    },
  });
  const input = (f: string) => ({
    label: t(label(f)),
    value: values[f] ?? '',
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setValues((v) => ({ ...v, [f]: value }));
    },
    error: fieldError(save.error, f),
    size: 'xs' as const,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(patchOf(values));
  }
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.section.company')}>
      <ProblemAlert error={save.error} fields={FIELDS} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs" mt="xs">
        {TEXT_FIELDS.map((f) => (
          <TextInput key={f} {...input(f)} required={f === 'name'} />
        ))}
        {ADDRESS_FIELDS.map((a) => (
          <TextInput key={a} {...input(`address.${a}`)} label={t(label(a))} />
        ))}
      </SimpleGrid>
      <Textarea {...input('footer')} mt="xs" autosize minRows={2} />
      <Group mt="sm" gap="sm">
        <Button type="submit" size="xs" loading={save.isPending}>
          {t('settings.save')}
        </Button>
        {save.isSuccess && (
          <span role="status">{t('settings.saved', { version: String(save.data.version) })}</span>
        )}
      </Group>
    </form>
  );
}
