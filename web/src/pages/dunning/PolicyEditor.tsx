/**
 * Edit a policy in a drawer: name, default, grace days and its levels (offset, template, channel,
 * fees per currency, interest, hand-over). PATCH /v1/dunning/policies/{id} replaces the levels;
 * the API checks the policy (offsets strictly increasing, no pre-due wording after the due date,
 * fees valid in their currency) and names the field, shown next to it (`levels[1].offsetDays`).
 * Interest terms are kept as they are (change them through the API).
 */
import {
  ActionIcon,
  Button,
  Checkbox,
  Drawer,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n/i18n';
import { FormActions } from '../collections/FormActions';

type Policy = components['schemas']['DunningPolicy'];
type Channel = Policy['levels'][number]['channel'];

interface LevelDraft {
  offsetDays: number | string;
  templateKey: string;
  channel: Channel;
  /** `EUR 5.00, USD 6.00` */
  fees: string;
  chargesInterest: boolean;
  handsOver: boolean;
}

const TEMPLATE_KEYS = [
  'friendly',
  'reminder',
  'firm',
  'final',
  'collections',
  'dunning-6',
  'dunning-7',
  'dunning-8',
  'dunning-9',
];
const CHANNELS: Channel[] = ['email', 'letter', 'none'];

function feesText(fees: Record<string, string>): string {
  return Object.entries(fees)
    .map(([c, a]) => `${c} ${a}`)
    .join(', ');
}

/** `EUR 5.00, USD 6` → `{EUR: '5.00', USD: '6'}`; the API checks each amount against its currency. */
function parseFees(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const [currency, amount] = part.trim().split(/\s+/);
    if (currency && amount) out[currency.toUpperCase()] = amount;
  }
  return out;
}

function draftOf(p: Policy): LevelDraft[] {
  return p.levels.map((l) => ({
    offsetDays: l.offsetDays,
    templateKey: l.templateKey,
    channel: l.channel,
    fees: feesText(l.fees),
    chargesInterest: l.chargesInterest,
    handsOver: l.handsOver,
  }));
}

/** The first message the API gave for a field starting with `prefix` (e.g. `levels[0].fees`). */
function errorUnder(error: unknown, prefix: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.errors.find((e) => e.field === prefix || e.field?.startsWith(`${prefix}.`))?.message;
}

export function PolicyEditor({ policy, onClose }: { policy: Policy | undefined; onClose: () => void }) {
  const t = useT();
  return (
    <Drawer
      closeButtonProps={{ 'aria-label': t('app.close') }}
      opened={policy !== undefined}
      onClose={onClose}
      position="right"
      size="xl"
      title={t('dunning.policies.editTitle', { name: policy?.name ?? '' })}
    >
      {policy && <PolicyForm key={policy.id} policy={policy} onClose={onClose} />}
    </Drawer>
  );
}

function PolicyForm({ policy, onClose }: { policy: Policy; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [name, setName] = useState(policy.name);
  const [isDefault, setIsDefault] = useState(policy.isDefault);
  const [graceDays, setGraceDays] = useState<number | string>(policy.graceDays);
  const [levels, setLevels] = useState<LevelDraft[]>(() => draftOf(policy));
  useEffect(() => setLevels(draftOf(policy)), [policy]);
  const m = useMutation({
    mutationFn: () =>
      data(
        api.PATCH('/v1/dunning/policies/{id}', {
          params: { path: { id: policy.id } },
          body: {
            name,
            isDefault,
            graceDays: Number(graceDays),
            levels: levels.map((l) => ({
              offsetDays: Number(l.offsetDays),
              templateKey: l.templateKey,
              channel: l.channel,
              fees: parseFees(l.fees),
              chargesInterest: l.chargesInterest,
              handsOver: l.handsOver,
            })),
          },
        }),
      ),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['dunning'] });
      onClose();
    },
  });
  const set = (i: number, patch: Partial<LevelDraft>) =>
    setLevels((prev) => prev.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  const fields = [
    'name',
    'isDefault',
    'graceDays',
    ...levels.flatMap((_, i) =>
      ['offsetDays', 'templateKey', 'channel', 'fees'].map((f) => `levels[${i}].${f}`),
    ),
  ];
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ProblemAlert error={m.error} fields={fields} />
        <Group align="flex-end">
          <TextInput
            label={t('dunning.policies.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(m.error, 'name')}
          />
          <NumberInput
            label={t('dunning.policies.grace')}
            min={0}
            max={365}
            w={140}
            value={graceDays}
            onChange={setGraceDays}
            error={fieldError(m.error, 'graceDays')}
          />
          <Checkbox
            label={t('dunning.policies.default')}
            checked={isDefault}
            onChange={(e) => setIsDefault(e.currentTarget.checked)}
            mb={8}
          />
        </Group>
        <Table.ScrollContainer minWidth={840}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dunning.policies.offset')}</Table.Th>
                <Table.Th>{t('dunning.template')}</Table.Th>
                <Table.Th>{t('dunning.channel')}</Table.Th>
                <Table.Th>{t('dunning.policies.fees')}</Table.Th>
                <Table.Th>{t('dunning.interest')}</Table.Th>
                <Table.Th>{t('dunning.handsOver')}</Table.Th>
                <Table.Th aria-label={t('collections.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {levels.map((l, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: levels are edited in place by position
                <Table.Tr key={i}>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      w={90}
                      aria-label={t('dunning.policies.offsetOf', { n: i + 1 })}
                      value={l.offsetDays}
                      onChange={(v) => set(i, { offsetDays: v })}
                      error={fieldError(m.error, `levels[${i}].offsetDays`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      w={140}
                      aria-label={t('dunning.policies.templateOf', { n: i + 1 })}
                      data={[...new Set([...TEMPLATE_KEYS, l.templateKey])]}
                      allowDeselect={false}
                      value={l.templateKey}
                      onChange={(v) => v && set(i, { templateKey: v })}
                      error={fieldError(m.error, `levels[${i}].templateKey`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      w={110}
                      aria-label={t('dunning.policies.channelOf', { n: i + 1 })}
                      data={CHANNELS.map((c) => ({ value: c, label: t(`dunning.channel.${c}`) }))}
                      allowDeselect={false}
                      value={l.channel}
                      onChange={(v) => v && set(i, { channel: v as Channel })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      w={150}
                      placeholder="EUR 5.00"
                      aria-label={t('dunning.policies.feesOf', { n: i + 1 })}
                      value={l.fees}
                      onChange={(e) => set(i, { fees: e.currentTarget.value })}
                      error={errorUnder(m.error, `levels[${i}].fees`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Checkbox
                      aria-label={t('dunning.policies.interestOf', { n: i + 1 })}
                      checked={l.chargesInterest}
                      onChange={(e) => set(i, { chargesInterest: e.currentTarget.checked })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Checkbox
                      aria-label={t('dunning.policies.handsOverOf', { n: i + 1 })}
                      checked={l.handsOver}
                      onChange={(e) => set(i, { handsOver: e.currentTarget.checked })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="sm"
                      disabled={levels.length === 1}
                      aria-label={t('dunning.policies.removeLevel', { n: i + 1 })}
                      onClick={() => setLevels((prev) => prev.filter((_, j) => j !== i))}
                    >
                      ×
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group>
          <Button
            size="xs"
            variant="default"
            onClick={() =>
              setLevels((prev) => [
                ...prev,
                {
                  offsetDays: '',
                  templateKey: 'reminder',
                  channel: 'email',
                  fees: '',
                  chargesInterest: false,
                  handsOver: false,
                },
              ])
            }
          >
            {t('dunning.policies.addLevel')}
          </Button>
        </Group>
        <FormActions pending={m.isPending} onCancel={onClose} />
      </Stack>
    </form>
  );
}
