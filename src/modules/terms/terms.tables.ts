import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { tenantId } from '../../db/columns.ts';

export const paymentTerms = pgTable(
  'payment_terms',
  {
    tenantId: tenantId(),
    code: text('code').notNull(),
    description: text('description').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.code] })],
);
