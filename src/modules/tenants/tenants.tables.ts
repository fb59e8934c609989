import { sql } from 'drizzle-orm';
import { check, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';

export const tenants = pgTable('tenants', {
  tenantId: uuid('tenant_id').primaryKey(),
  name: text('name').notNull(),
  legalName: text('legal_name'),
  baseCurrency: text('base_currency').notNull(),
  country: text('country'),
  taxId: text('tax_id'),
  address: jsonb('address').$type<Record<string, string>>(),
  iban: text('iban'),
  createdAt: instant('created_at').notNull().defaultNow(),
});

/** The chart of accounts. `role` names the accounts the posting rules use. */
export const accounts = pgTable(
  'accounts',
  {
    tenantId: tenantId(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    role: text('role'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.code] }),
    check('accounts_type_check', sql`${t.type} in ('asset','liability','equity','revenue','expense')`),
  ],
);
