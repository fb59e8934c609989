/**
 * Matching thresholds (GET/PATCH /v1/cash-application/settings): when the cash application applies
 * a bank line without a person, how many suggestions a person sees, and the bank-charge tolerance
 * per currency. Everyone sees them with what each means; an admin changes them (the API decides).
 */
import { Button, Group, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useCan } from '../../session/session';
import { SettingsCard } from './SettingsCard';

type Settings = components['schemas']['MatchingSettings'];
const NUMBERS = ['autoApplyThreshold', 'autoApplyMargin', 'customerMargin', 'maxSuggestions'] as const;
type NumberField = (typeof NUMBERS)[number];
const RANGE: Record<NumberField, { min: number; max: number; step: number; scale: number }> = {
  autoApplyThreshold: { min: 0.5, max: 1, step: 0.01, scale: 3 },
  autoApplyMargin: { min: 0, max: 0.5, step: 0.01, scale: 3 },
  customerMargin: { min: 0, max: 0.5, step: 0.01, scale: 3 },
  maxSuggestions: { min: 1, max: 10, step: 1, scale: 0 },
};

export function MatchingSection() {
  const t = useT();
  const can = useCan();
  const settings = useQuery({
    queryKey: ['cash-application', 'settings'],
    queryFn: () => data(api.GET('/v1/cash-application/settings')),
  });
  return (
    <SettingsCard title={t('settings.section.matching')} hint={t('settings.matching.hint')}>
      <QueryView query={settings}>
        {(s) => (can('admin') ? <MatchingForm settings={s} /> : <MatchingTable settings={s} />)}
      </QueryView>
    </SettingsCard>
  );
}

function MatchingTable({ settings: s }: { settings: Settings }) {
  const t = useT();
  const tolerances = Object.entries(s.bankChargeTolerances);
  return (
    <Table.ScrollContainer minWidth={240}>
      <Table data-testid="matching-settings">
        <Table.Tbody>
          {NUMBERS.map((f) => (
            <Table.Tr key={f}>
              <Table.Th w={260}>{t(`settings.matching.${f}` as MessageKey)}</Table.Th>
              <Table.Td className="num" data-testid={`matching-${f}`}>
                {s[f]}
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {t(`settings.matching.${f}.help` as MessageKey, { default: String(s.defaults[f]) })}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th>{t('settings.matching.bankCharges')}</Table.Th>
            <Table.Td data-testid="matching-bankCharges">
              {tolerances.length === 0
                ? t('settings.matching.bankCharges.none')
                : tolerances.map(([c, a]) => `${c} ${a}`).join(', ')}
            </Table.Td>
            <Table.Td>
              <Text size="xs" c="dimmed">
                {t('settings.matching.bankCharges.help', {
                  eur: s.defaults.bankChargeTolerances.EUR ?? '15.00',
                })}
              </Text>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type Row = { currency: string; amount: string };

function usePatch(initial: Settings) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { numbers: Record<NumberField, number>; rows: Row[] }) => {
      const next = Object.fromEntries(
        v.rows
          .filter((r) => r.currency.trim())
          .map((r) => [r.currency.trim().toUpperCase(), r.amount.trim()]),
      );
      const removed = Object.keys(initial.bankChargeTolerances).filter((c) => !(c in next));
      const tolerances: Record<string, string | null> = {
        ...next,
        ...Object.fromEntries(removed.map((c) => [c, null])),
      };
      return data(
        api.PATCH('/v1/cash-application/settings', {
          body: { ...v.numbers, bankChargeTolerances: tolerances },
        }),
      );
    },
    onSuccess: (s) => qc.setQueryData(['cash-application', 'settings'], s),
  });
}

function MatchingForm({ settings }: { settings: Settings }) {
  const t = useT();
  const [numbers, setNumbers] = useState<Record<NumberField, number>>(
    () => Object.fromEntries(NUMBERS.map((f) => [f, settings[f]])) as Record<NumberField, number>,
  );
  const [rows, setRows] = useState<Row[]>(() =>
    Object.entries(settings.bankChargeTolerances).map(([currency, amount]) => ({ currency, amount })),
  );
  const save = usePatch(settings);
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ numbers, rows });
  }
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.section.matching')}>
      <ProblemAlert error={save.error} fields={[...NUMBERS, 'bankChargeTolerances']} />
      <Stack gap="xs">
        {NUMBERS.map((f) => (
          <NumberInput
            key={f}
            size="xs"
            maw={420}
            label={t(`settings.matching.${f}` as MessageKey)}
            description={t(`settings.matching.${f}.help` as MessageKey, {
              default: String(settings.defaults[f]),
            })}
            min={RANGE[f].min}
            max={RANGE[f].max}
            step={RANGE[f].step}
            decimalScale={RANGE[f].scale}
            value={numbers[f]}
            onChange={(value) => setNumbers((n) => ({ ...n, [f]: Number(value) }))}
            error={fieldError(save.error, f)}
          />
        ))}
        <ToleranceRows
          rows={rows}
          setRows={setRows}
          error={save.error}
          defaults={settings.defaults.bankChargeTolerances}
        />
      </Stack>
      <Group mt="sm" gap="sm">
        <Button type="submit" size="xs" loading={save.isPending}>
          {t('settings.save')}
        </Button>
        {save.isSuccess && <span role="status">{t('settings.savedPlain')}</span>}
      </Group>
    </form>
  );
}

function ToleranceRows({
  rows,
  setRows,
  error,
  defaults,
}: {
  rows: Row[];
  setRows: (update: (rows: Row[]) => Row[]) => void;
  error: unknown;
  defaults: Record<string, string>;
}) {
  const t = useT();
  const change = (i: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t('settings.matching.bankCharges')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('settings.matching.bankCharges.help', { eur: defaults.EUR ?? '15.00' })}
      </Text>
      {rows.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; a new row has no id yet
        <Group key={i} gap="xs" align="flex-start">
          <TextInput
            size="xs"
            w={90}
            label={t('settings.matching.currency')}
            value={r.currency}
            onChange={(e) => change(i, { currency: e.currentTarget.value })}
          />
          <TextInput
            size="xs"
            w={160}
            label={t('settings.matching.amount')}
            placeholder={defaults[r.currency.toUpperCase()] ?? ''}
            value={r.amount}
            onChange={(e) => change(i, { amount: e.currentTarget.value })}
            error={fieldError(error, `bankChargeTolerances.${r.currency.trim().toUpperCase()}`)}
          />
          <Button
            size="xs"
            variant="subtle"
            mt={22}
            onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
          >
            {t('settings.matching.remove')}
          </Button>
        </Group>
      ))}
      <Button
        size="xs"
        variant="light"
        w="fit-content"
        onClick={() => setRows((rs) => [...rs, { currency: '', amount: '' }])}
      >
        {t('settings.matching.addCurrency')}
      </Button>
    </Stack>
  );
}
