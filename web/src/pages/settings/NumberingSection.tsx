/**
 * Numbering series (GET /v1/numbering-series; PATCH …/{series}, admin): each series' pattern and
 * the number the next document gets. An admin changes a series' pattern, width or next number;
 * the API refuses a next number below one already taken, naming the field.
 */
import { Button, Group, NumberInput, Table, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { paths } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { SettingsCard } from './SettingsCard';

type Series =
  paths['/v1/numbering-series']['get']['responses'][200]['content']['application/json']['data'][number];

export function NumberingSection() {
  const t = useT();
  const can = useCan();
  const [editing, setEditing] = useState<string | null>(null);
  const series = useQuery({
    queryKey: ['numbering-series'],
    queryFn: () => data(api.GET('/v1/numbering-series')),
  });
  return (
    <SettingsCard title={t('settings.section.numbering')} hint={t('settings.numbering.hint')}>
      <QueryView query={series}>
        {(answer) =>
          answer.data.length === 0 ? (
            <EmptyState hint={t('settings.numbering.empty')} />
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped data-testid="numbering-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('settings.numbering.series')}</Table.Th>
                    <Table.Th>{t('settings.numbering.kind')}</Table.Th>
                    <Table.Th>{t('settings.numbering.pattern')}</Table.Th>
                    <Table.Th className="num">{t('settings.numbering.digits')}</Table.Th>
                    <Table.Th>{t('settings.numbering.nextNumber')}</Table.Th>
                    {can('admin') && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {answer.data.map((s) =>
                    editing === s.series ? (
                      <Table.Tr key={s.series}>
                        <Table.Td colSpan={6}>
                          <SeriesForm series={s} onDone={() => setEditing(null)} />
                        </Table.Td>
                      </Table.Tr>
                    ) : (
                      <Table.Tr key={s.series}>
                        <Table.Td>{s.series}</Table.Td>
                        <Table.Td>{s.kind}</Table.Td>
                        <Table.Td>{s.pattern}</Table.Td>
                        <Table.Td className="num">{s.digits}</Table.Td>
                        <Table.Td>{s.nextNumber}</Table.Td>
                        {can('admin') && (
                          <Table.Td>
                            <Button size="compact-xs" variant="subtle" onClick={() => setEditing(s.series)}>
                              {t('settings.edit')}
                              <span className="skip-link"> {s.series}</span>
                            </Button>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ),
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryView>
    </SettingsCard>
  );
}

const FIELDS = ['pattern', 'digits', 'next'] as const;

function SeriesForm({ series, onDone }: { series: Series; onDone: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [pattern, setPattern] = useState(series.pattern);
  const [digits, setDigits] = useState<number | string>(series.digits);
  const [next, setNext] = useState(series.next);
  const save = useMutation({
    mutationFn: () =>
      data(
        api.PATCH('/v1/numbering-series/{series}', {
          params: { path: { series: series.series } },
          body: {
            ...(pattern !== series.pattern ? { pattern } : {}),
            ...(Number(digits) !== series.digits ? { digits: Number(digits) } : {}),
            ...(next !== series.next ? { next } : {}),
          },
        }),
      ),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['numbering-series'] });
      onDone();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.numbering.editOf', { series: series.series })}>
      <ProblemAlert error={save.error} fields={FIELDS} />
      <Group align="flex-start" gap="xs" mt={4}>
        <TextInput
          size="xs"
          label={t('settings.numbering.pattern')}
          value={pattern}
          onChange={(e) => setPattern(e.currentTarget.value)}
          error={fieldError(save.error, 'pattern')}
        />
        <NumberInput
          size="xs"
          w={90}
          min={1}
          max={12}
          label={t('settings.numbering.digits')}
          value={digits}
          onChange={setDigits}
          error={fieldError(save.error, 'digits')}
        />
        <TextInput
          size="xs"
          label={t('settings.numbering.next')}
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={fieldError(save.error, 'next')}
        />
        <Group gap={4} mt={22}>
          <Button type="submit" size="xs" loading={save.isPending}>
            {t('settings.save')}
          </Button>
          <Button size="xs" variant="default" onClick={onDone}>
            {t('settings.cancel')}
          </Button>
        </Group>
      </Group>
    </form>
  );
}
