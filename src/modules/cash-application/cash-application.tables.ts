import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';
import { tenants } from '../tenants/tenants.tables.ts';

/**
 * The cash application run in progress, one row per tenant at most: runs of a tenant exclude each
 * other. A run claims the row when it starts, renews `heartbeat_at` after each booked batch and
 * deletes it when it ends; a row whose heartbeat is older than the lease (a crashed process) may be
 * taken over by the next run, and at once when `holder` names a process of the same host that is
 * gone (killed, crashed: the next start of the server or CLI need not wait for the lease).
 */
export const cashApplicationRuns = pgTable(
  'cash_application_runs',
  {
    tenantId: tenantId(),
    runId: uuid('run_id').notNull(),
    startedAt: instant('started_at').notNull().defaultNow(),
    heartbeatAt: instant('heartbeat_at').notNull().defaultNow(),
    /** The claiming process: host, PID, start time and boot (`claimHolderOf`). */
    holder: text('holder'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.tenantId] }).onDelete('cascade'),
  ],
);

/**
 * Per-tenant matching thresholds (the finance-facing part of `EngineConfig`); a tenant without a
 * row uses `DEFAULT_ENGINE_CONFIG`. Bank-charge tolerances are overrides per currency, in minor
 * units as decimal text (`{"EUR": "1500"}`); other currencies keep the default table.
 */
export const matchingSettings = pgTable(
  'matching_settings',
  {
    tenantId: tenantId(),
    autoApplyThreshold: doublePrecision('auto_apply_threshold').notNull(),
    autoApplyMargin: doublePrecision('auto_apply_margin').notNull(),
    customerMargin: doublePrecision('customer_margin').notNull(),
    maxSuggestions: integer('max_suggestions').notNull(),
    bankChargeTolerances: jsonb('bank_charge_tolerances').$type<Record<string, string>>().notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.tenantId] }).onDelete('cascade'),
    check('matching_settings_threshold_check', sql`${t.autoApplyThreshold} between 0.5 and 1`),
    check(
      'matching_settings_margins_check',
      sql`${t.autoApplyMargin} between 0 and 0.5 and ${t.customerMargin} between 0 and 0.5`,
    ),
    check('matching_settings_suggestions_check', sql`${t.maxSuggestions} between 1 and 10`),
  ],
);
