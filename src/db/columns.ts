/** Column helpers shared by every module's tables. */
import { sql } from 'drizzle-orm';
import { bigint, date, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Integer minor units; the default is written as SQL because `.default(0n)` breaks drizzle-kit. */
export const minor = (name: string) => bigint(name, { mode: 'bigint' });
export const minorZero = (name: string) => bigint(name, { mode: 'bigint' }).notNull().default(sql`0`);
export const businessDate = (name: string) => date(name, { mode: 'string' });
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const tenantId = () => uuid('tenant_id').notNull();
