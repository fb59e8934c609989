import { getWorklist, type WorklistItem } from '../../modules/collections/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { formatAmount } from '../../shared/money.ts';
import { table, toJson } from '../io.ts';
import { asOfOption } from './as-of-option.ts';
import { type CommandSpec, limitOption, stringOption } from './types.ts';

function itemJson(item: WorklistItem, rank: number) {
  return {
    rank,
    customer: item.externalId,
    name: item.name,
    collector: item.collector?.name ?? null,
    score: Math.round(item.score * 100) / 100,
    overdue: item.facts.overdue
      .filter((c) => c.collectibleMinor > 0n)
      .map((c) => ({
        currency: c.currency,
        amount: formatAmount(c.collectibleMinor, c.currency),
        oldestDays: c.oldestDays,
      })),
    onHold: item.facts.onHold,
    brokenPromiseOn: item.facts.brokenPromiseOn,
    reasons: item.reasons,
  };
}

export const worklist: CommandSpec = {
  name: 'worklist',
  usage: 'cashloop worklist [--collector ID|unassigned] [--limit N] [--as-of YYYY-MM-DD] [--json]',
  options: {
    collector: { type: 'string' },
    limit: { type: 'string' },
    'as-of': { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [],
  async run({ runtime, io, values }) {
    const collector = stringOption(values, 'collector');
    if (collector !== undefined && collector !== 'unassigned' && !isUuid(collector))
      throw validationFailed('--collector must be a collector id or "unassigned"', [
        { field: 'collector', message: 'not a collector id' },
      ]);
    const asOf = asOfOption(values, runtime.deps.clock);
    const page = await getWorklist(runtime.deps.db, runtime.tenant.tenantId, {
      asOf,
      limit: limitOption(values) ?? Number.MAX_SAFE_INTEGER,
      ...(collector ? { collector } : {}),
    });
    const items = page.items.map((item, i) => itemJson(item, i + 1));
    if (values.json) {
      io.stdout(toJson({ asOf, total: page.total, items }));
      return 0;
    }
    io.stdout(
      table(
        ['#', 'CUSTOMER', 'NAME', 'SCORE', 'WHY'],
        items.map((i) => [
          String(i.rank),
          i.customer,
          i.name.slice(0, 30),
          i.score.toFixed(2),
          i.reasons.join('; '),
        ]),
        [0, 3],
      ),
    );
    io.stdout(`${items.length} of ${page.total} customer(s) to contact as of ${asOf}\n`);
    return 0;
  },
};
