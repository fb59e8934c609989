import { evaluatePromises } from '../../modules/collections/index.ts';
import { customerRefs } from '../../modules/customers/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { table, toJson } from '../io.ts';
import { asOfOption } from './as-of-option.ts';
import type { CommandSpec } from './types.ts';

export const promisesCheck: CommandSpec = {
  name: 'promises check',
  usage: 'cashloop promises check [--as-of YYYY-MM-DD] [--json]',
  options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const { db, clock } = runtime.deps;
    const tenantId = runtime.tenant.tenantId;
    const result = await evaluatePromises(runtime.deps, tenantId, asOfOption(values, clock));
    const refs = await customerRefs(
      db,
      tenantId,
      result.settled.map((s) => s.customerId),
    );
    const settled = result.settled.map((s) => ({
      promiseId: s.promiseId,
      customer: refs.get(s.customerId)?.externalId ?? s.customerId,
      outcome: s.outcome,
      currency: s.currency,
      amount: formatAmount(s.amountMinor, s.currency),
      paid: formatAmount(s.paidMinor, s.currency),
      promisedOn: s.promisedOn,
      keepBy: s.keepBy,
    }));
    const kept = settled.filter((s) => s.outcome === 'kept').length;
    const summary = {
      asOf: result.asOf,
      evaluated: result.evaluated,
      kept,
      broken: settled.length - kept,
      stillOpen: result.stillOpen,
    };
    if (values.json) {
      io.stdout(toJson({ ...summary, settled }));
      return 0;
    }
    if (settled.length > 0)
      io.stdout(
        table(
          ['CUSTOMER', 'OUTCOME', 'CUR', 'PROMISED', 'PAID', 'BY'],
          settled.map((s) => [s.customer, s.outcome, s.currency, s.amount, s.paid, s.promisedOn]),
          [3, 4],
        ),
      );
    io.stdout(
      `${summary.evaluated} open promise(s) as of ${summary.asOf}: ${kept} kept, ${summary.broken} broken, ${summary.stillOpen} still open\n`,
    );
    return 0;
  },
};
