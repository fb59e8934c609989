import { getCustomerRisk } from '../../modules/collections/index.ts';
import { table, toJson } from '../io.ts';
import { asOfOption } from './as-of-option.ts';
import type { CommandSpec } from './types.ts';

/** `cashloop customers risk EXTERNAL_ID`: the risk score with its reasons (docs/analytics.md). */
export const customersRisk: CommandSpec = {
  name: 'customers risk',
  usage: 'cashloop customers risk EXTERNAL_ID [--as-of YYYY-MM-DD] [--json]',
  options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['EXTERNAL_ID'],
  async run({ runtime, io, values, positionals }) {
    const asOf = asOfOption(values, runtime.deps.clock);
    const risk = await getCustomerRisk(runtime.deps.db, runtime.tenant.tenantId, positionals[0] ?? '', asOf);
    if (values.json) {
      const { customerId: _id, externalId, ...rest } = risk;
      io.stdout(toJson({ customer: externalId, ...rest }));
      return 0;
    }
    io.stdout(`${risk.externalId}: risk score ${risk.score} (${risk.band}) as of ${risk.asOf}\n`);
    if (risk.reasons.length > 0)
      io.stdout(
        table(
          ['POINTS', 'FACTOR', 'EVIDENCE'],
          risk.reasons.map((r) => [`+${r.points}`, r.factor, r.evidence]),
        ),
      );
    return 0;
  },
};
