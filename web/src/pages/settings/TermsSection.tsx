/** Payment terms (GET/POST /v1/payment-terms): the codes customers and invoices use; add one (write). */
import { Button, Group, Table, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import { Can } from '../../session/session';
import { SettingsCard } from './SettingsCard';

export function TermsSection() {
  const t = useT();
  const terms = useQuery({ queryKey: ['payment-terms'], queryFn: () => data(api.GET('/v1/payment-terms')) });
  return (
    <SettingsCard title={t('settings.section.terms')} hint={t('settings.terms.hint')}>
      <Can access="write">
        <AddTermsForm />
      </Can>
      <QueryView query={terms}>
        {(answer) => (
          <Table.ScrollContainer minWidth={320}>
            <Table striped data-testid="terms-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.terms.code')}</Table.Th>
                  <Table.Th>{t('settings.terms.description')}</Table.Th>
                  <Table.Th>{t('settings.terms.kind')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {answer.items.map((x) => (
                  <Table.Tr key={x.code}>
                    <Table.Td>{x.code}</Table.Td>
                    <Table.Td>{x.description}</Table.Td>
                    <Table.Td>{t(`settings.terms.kind.${x.kind}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
    </SettingsCard>
  );
}

function AddTermsForm() {
  const t = useT();
  const qc = useQueryClient();
  const [code, setCode] = useState('');
  const [description, setDescription] = useState('');
  const add = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/payment-terms', {
          body: { code: code.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
        }),
      ),
    onSuccess: () => {
      setCode('');
      setDescription('');
      void qc.invalidateQueries({ queryKey: ['payment-terms'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.terms.add')}>
      <ProblemAlert error={add.error} fields={['code', 'description']} />
      <Group align="flex-start" gap="xs">
        <TextInput
          size="xs"
          label={t('settings.terms.code')}
          placeholder="NET45"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={fieldError(add.error, 'code')}
        />
        <TextInput
          size="xs"
          w={320}
          label={t('settings.terms.description')}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldError(add.error, 'description')}
        />
        <Button type="submit" size="xs" mt={22} loading={add.isPending}>
          {t('settings.terms.add')}
        </Button>
      </Group>
    </form>
  );
}
