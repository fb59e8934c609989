import { setNumberingSeries } from '../../modules/invoices/index.ts';
import { listNumberingSeries, type NumberingSeries } from '../../modules/numbering/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { table, toJson } from '../io.ts';
import { type CommandContext, type CommandSpec, stringOption } from './types.ts';

const json = (s: NumberingSeries) => ({ ...s, next: s.next.toString() });

/** `--digits 5` as a number; anything else is passed on for the input schema to refuse. */
function intOption(values: CommandContext['values'], name: string): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,12}$/.test(raw)) throw new Error(`--${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

export const numberingList: CommandSpec = {
  name: 'numbering list',
  usage: 'cashloop numbering list [--json]',
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const { db, clock } = runtime.deps;
    const series = await listNumberingSeries(db, runtime.tenant.tenantId, todayUtc(clock.now()));
    if (values.json) {
      io.stdout(toJson(series.map(json)));
      return 0;
    }
    io.stdout(
      table(
        ['SERIES', 'KIND', 'PATTERN', 'DIGITS', 'NEXT', 'NEXT NUMBER'],
        series.map((s) => [s.series, s.kind, s.pattern, String(s.digits), s.next.toString(), s.nextNumber]),
        [3, 4],
      ),
    );
    return 0;
  },
};

export const numberingSet: CommandSpec = {
  name: 'numbering set',
  usage:
    'cashloop numbering set SERIES [--pattern P | --prefix P] [--digits N] [--next N] [--year YYYY] [--kind K] [--json]',
  options: {
    pattern: { type: 'string' },
    prefix: { type: 'string' },
    digits: { type: 'string' },
    next: { type: 'string' },
    year: { type: 'string' },
    kind: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: ['SERIES'],
  async run({ runtime, io, values, positionals }) {
    const { db, clock } = runtime.deps;
    const pick = <T>(name: string, v: T | undefined) => (v === undefined ? {} : { [name]: v });
    const input = {
      ...pick('pattern', stringOption(values, 'pattern')),
      ...pick('prefix', stringOption(values, 'prefix')),
      ...pick('digits', intOption(values, 'digits')),
      ...pick('next', stringOption(values, 'next')),
      ...pick('year', intOption(values, 'year')),
      ...pick('kind', stringOption(values, 'kind')),
    };
    const series = await setNumberingSeries(
      db,
      runtime.tenant.tenantId,
      positionals[0] ?? '',
      input,
      todayUtc(clock.now()),
      true,
    );
    if (values.json) io.stdout(toJson(json(series)));
    else
      io.stdout(`${series.series} (${series.kind}): ${series.pattern}, next number ${series.nextNumber}\n`);
    return 0;
  },
};
