import { evaluateCreditHoldsWithRisk } from '../../modules/collections/index.ts';
import { customerRefs } from '../../modules/customers/index.ts';
import { table, toJson } from '../io.ts';
import { asOfOption } from './as-of-option.ts';
import type { CommandSpec } from './types.ts';

export const creditCheck: CommandSpec = {
  name: 'credit check',
  usage: 'cashloop credit check [--as-of YYYY-MM-DD] [--json]',
  options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const tenantId = runtime.tenant.tenantId;
    const result = await evaluateCreditHoldsWithRisk(
      runtime.deps,
      tenantId,
      asOfOption(values, runtime.deps.clock),
    );
    const refs = await customerRefs(
      runtime.deps.db,
      tenantId,
      result.changes.map((c) => c.customerId),
    );
    const changes = result.changes.map((c) => ({
      customer: refs.get(c.customerId)?.externalId ?? c.customerId,
      change: c.change,
      reasons: c.reasons,
    }));
    if (values.json) {
      io.stdout(toJson({ asOf: result.asOf, evaluated: result.evaluated, onHold: result.onHold, changes }));
      return 0;
    }
    if (changes.length > 0)
      io.stdout(
        table(
          ['CUSTOMER', 'HOLD', 'REASONS'],
          changes.map((c) => [c.customer, c.change, c.reasons.join(', ')]),
        ),
      );
    io.stdout(
      `${result.evaluated} customer(s) evaluated as of ${result.asOf}: ${changes.length} change(s); ${result.onHold} on credit hold\n`,
    );
    return 0;
  },
};
