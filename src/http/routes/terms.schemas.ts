/** Payment terms as the API shows them: the code, its description and the kind it parses to. */
import { z } from 'zod';
import { parsePaymentTerms } from '../../modules/terms/index.ts';

export const termsSchema = z
  .object({
    code: z.string().describe('canonical code, e.g. NET30, 2/10 NET30, NET30 EOM'),
    description: z.string(),
    kind: z.enum(['due_on_receipt', 'prepay', 'net', 'discount']),
  })
  .meta({ id: 'PaymentTerms' });

export const withKind = (t: { code: string; description: string }) => ({
  ...t,
  kind: parsePaymentTerms(t.code).kind,
});
