/** Column helpers shared by every module's tables. */
import { sql } from 'drizzle-orm';
import { bigint, customType, date, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Integer minor units; the default is written as SQL because `.default(0n)` breaks drizzle-kit. */
export const minor = (name: string) => bigint(name, { mode: 'bigint' });
export const minorZero = (name: string) => bigint(name, { mode: 'bigint' }).notNull().default(sql`0`);
export const businessDate = (name: string) => date(name, { mode: 'string' });
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const tenantId = () => uuid('tenant_id').notNull();

/** `bytea` as a Uint8Array on both back ends (pg returns a Buffer, PGlite a Uint8Array). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});
