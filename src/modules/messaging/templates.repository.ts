/** SQL of the templates and settings: the tenant's own wording and its messaging settings. */
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { messageTemplates, messagingSettings, tenantSmtpSettings } from './messaging.tables.ts';

export type TemplateRow = typeof messageTemplates.$inferSelect;
export type SettingsRow = typeof messagingSettings.$inferSelect;
export type SmtpRow = typeof tenantSmtpSettings.$inferSelect;

export function listTemplateRows(q: Queryable, tenantId: string): Promise<TemplateRow[]> {
  return q
    .select()
    .from(messageTemplates)
    .where(eq(messageTemplates.tenantId, tenantId))
    .orderBy(asc(messageTemplates.kind), asc(messageTemplates.level), asc(messageTemplates.language));
}

export async function upsertTemplateRow(tx: Tx, row: TemplateRow): Promise<void> {
  await tx
    .insert(messageTemplates)
    .values(row)
    .onConflictDoUpdate({
      target: [
        messageTemplates.tenantId,
        messageTemplates.kind,
        messageTemplates.level,
        messageTemplates.language,
      ],
      set: { subject: row.subject, body: row.body, updatedAt: row.updatedAt },
    });
}

export async function deleteTemplateRow(
  tx: Tx,
  tenantId: string,
  kind: string,
  level: number,
  language: string,
): Promise<void> {
  await tx
    .delete(messageTemplates)
    .where(
      and(
        eq(messageTemplates.tenantId, tenantId),
        eq(messageTemplates.kind, kind),
        eq(messageTemplates.level, level),
        eq(messageTemplates.language, language),
      ),
    );
}

export async function findSettingsRow(q: Queryable, tenantId: string): Promise<SettingsRow | null> {
  const [row] = await q.select().from(messagingSettings).where(eq(messagingSettings.tenantId, tenantId));
  return row ?? null;
}

export async function upsertSettingsRow(tx: Tx, row: SettingsRow): Promise<void> {
  const { tenantId: _tenant, ...set } = row;
  await tx
    .insert(messagingSettings)
    .values(row)
    .onConflictDoUpdate({ target: messagingSettings.tenantId, set });
}

export async function findSmtpRow(q: Queryable, tenantId: string): Promise<SmtpRow | null> {
  const [row] = await q.select().from(tenantSmtpSettings).where(eq(tenantSmtpSettings.tenantId, tenantId));
  return row ?? null;
}

/** Every tenant's SMTP row, locked (the key rotation re-seals them all in one transaction). */
export function lockAllSmtpRows(tx: Tx): Promise<SmtpRow[]> {
  return tx.select().from(tenantSmtpSettings).orderBy(asc(tenantSmtpSettings.tenantId)).for('update');
}

export async function upsertSmtpRow(tx: Tx, row: SmtpRow): Promise<void> {
  const { tenantId: _tenant, ...set } = row;
  await tx
    .insert(tenantSmtpSettings)
    .values(row)
    .onConflictDoUpdate({ target: tenantSmtpSettings.tenantId, set });
}

export async function deleteSmtpRow(tx: Tx, tenantId: string): Promise<void> {
  await tx.delete(tenantSmtpSettings).where(eq(tenantSmtpSettings.tenantId, tenantId));
}
