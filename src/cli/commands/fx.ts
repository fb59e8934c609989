import { readFile } from 'node:fs/promises';
import { importRates, listRates, RATE_FILE_FORMATS, rateInForceView } from '../../modules/fx/index.ts';
import {
  exposureJson,
  fxExposure,
  revaluationJson,
  revalueMonthEnd,
} from '../../modules/fx-revaluation/index.ts';
import { isAcceptedDate, todayUtc } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { toJson } from '../io.ts';
import { type CommandSpec, limitOption, oneOfOption, stringOption } from './types.ts';

async function readFileOrThrow(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw validationFailed(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, [
      { field: 'FILE', message: 'unreadable' },
    ]);
  }
}

function dateOption(values: Record<string, string | boolean | undefined>, name: string): string | undefined {
  const raw = stringOption(values, name);
  if (raw !== undefined && !isAcceptedDate(raw))
    throw validationFailed(`--${name} must be a date YYYY-MM-DD, got "${raw}"`, [
      { field: name, message: 'not a date' },
    ]);
  return raw;
}

function currencyArgument(raw: string | undefined): string {
  if (!raw || !/^[A-Za-z]{3}$/.test(raw))
    throw validationFailed(`CURRENCY must be an ISO 4217 code like USD, got "${raw ?? ''}"`, [
      { field: 'CURRENCY', message: 'not a currency code' },
    ]);
  return raw.toUpperCase();
}

/** `cashloop fx import FILE`: the ECB's reference rates (XML or CSV) or a CSV of one's own. */
export const fxImport: CommandSpec = {
  name: 'fx import',
  usage: `cashloop fx import FILE [--format ${RATE_FILE_FORMATS.join('|')}] [--source NAME] [--json]`,
  options: { format: { type: 'string' }, source: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['FILE'],
  async run({ runtime, io, values, positionals }) {
    const text = await readFileOrThrow(positionals[0] ?? '');
    const result = await importRates(runtime.deps.db, runtime.tenant.tenantId, text, {
      format: oneOfOption(values, 'format', RATE_FILE_FORMATS),
      source: stringOption(values, 'source'),
    });
    if (values.json) {
      io.stdout(toJson(result));
      return 0;
    }
    io.stdout(
      `Read ${result.quotes} rate(s) (${result.format}) for ${result.currencies.length} currencies, ${result.firstDate} to ${result.lastDate}: ${result.inserted} new, ${result.changed} changed, ${result.unchanged} unchanged.\n`,
    );
    return 0;
  },
};

/** `cashloop fx rate CURRENCY [--date D]`: the rate in force against the base currency. */
export const fxRate: CommandSpec = {
  name: 'fx rate',
  usage: 'cashloop fx rate CURRENCY [--date YYYY-MM-DD] [--json]',
  options: { date: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['CURRENCY'],
  async run({ runtime, io, values, positionals }) {
    const date = dateOption(values, 'date') ?? todayUtc(runtime.deps.clock.now());
    const currency = currencyArgument(positionals[0]);
    const view = await rateInForceView(runtime.deps.db, runtime.tenant.tenantId, currency, date);
    if (values.json) {
      io.stdout(toJson(view));
      return 0;
    }
    const how = view.via === 'direct' ? '' : ` via ${view.via}`;
    io.stdout(
      `1 ${view.currency} = ${view.rate} ${view.baseCurrency} on ${view.date} (rates of ${view.rateDate}${how}, ${view.source})${view.stale ? ' — stale: older than 10 days, documents do not take it on their own' : ''}\n`,
    );
    return 0;
  },
};

/** `cashloop fx rates [--currency C] [--from D] [--to D]`: stored rates, newest first. */
export const fxRates: CommandSpec = {
  name: 'fx rates',
  usage: 'cashloop fx rates [--currency USD] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N] [--json]',
  options: {
    currency: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [],
  async run({ runtime, io, values }) {
    const raw = stringOption(values, 'currency');
    const rates = await listRates(runtime.deps.db, runtime.tenant.tenantId, {
      currency: raw === undefined ? undefined : currencyArgument(raw),
      from: dateOption(values, 'from'),
      to: dateOption(values, 'to'),
      limit: limitOption(values) ?? 500,
    });
    if (values.json) {
      io.stdout(toJson(rates));
      return 0;
    }
    if (rates.length === 0) io.stdout('No exchange rates stored.\n');
    for (const r of rates)
      io.stdout(`${r.rateDate}  1 ${r.reference} = ${r.rate} ${r.currency}  (${r.source})\n`);
    return 0;
  },
};

/** `cashloop fx exposure [--as-of D]`: open items in foreign currencies per currency and maturity. */
export const fxExposureCommand: CommandSpec = {
  name: 'fx exposure',
  usage: 'cashloop fx exposure [--as-of YYYY-MM-DD] [--json]',
  options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const asOf = dateOption(values, 'as-of') ?? todayUtc(runtime.deps.clock.now());
    const view = exposureJson(await fxExposure(runtime.deps, runtime.tenant.tenantId, asOf));
    if (values.json) {
      io.stdout(toJson(view));
      return 0;
    }
    if (view.currencies.length === 0)
      io.stdout(`No open items in a currency other than ${view.baseCurrency} on ${asOf}.\n`);
    for (const c of view.currencies) {
      const at = c.rate
        ? `at ${c.rate.rate} (${c.rate.rateDate}): ${c.revaluedBase}, difference ${c.difference}`
        : 'no rate in force';
      io.stdout(
        `${c.currency} ${c.amount} open in ${c.items} item(s); carried ${c.carryingBase} ${view.baseCurrency}; ${at}\n`,
      );
      for (const b of c.buckets.filter((x) => x.items > 0))
        io.stdout(`  ${b.bucket.padEnd(12)} ${b.amount.padStart(16)}\n`);
    }
    return 0;
  },
};

/** `cashloop fx revalue --as-of D`: the month-end revaluation, posted on D and reversed the next day. */
export const fxRevalue: CommandSpec = {
  name: 'fx revalue',
  usage: 'cashloop fx revalue --as-of YYYY-MM-DD [--json]',
  options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const asOf = dateOption(values, 'as-of');
    if (!asOf)
      throw validationFailed('--as-of is required: the month end to revalue', [
        { field: 'as-of', message: 'required' },
      ]);
    const user = io.env.USER ?? io.env.USERNAME;
    const r = revaluationJson(
      await revalueMonthEnd(runtime.deps, runtime.tenant.tenantId, asOf, user ? `cli (${user})` : 'cli'),
    );
    if (values.json) {
      io.stdout(toJson(r));
      return 0;
    }
    io.stdout(`Revalued the open items as of ${r.asOf}; reversed on ${r.reversalDate}.\n`);
    for (const c of r.currencies)
      io.stdout(
        `  ${c.currency} ${c.amount} at ${c.rate} (${c.rateDate}): ${c.carryingBase} → ${c.revaluedBase} ${r.baseCurrency}, ${c.difference}\n`,
      );
    return 0;
  },
};
