/**
 * The tenant's messaging settings: its language (the second choice after the customer's), the
 * company name and sender shown in messages, a reply-to, and an address that gets a copy of
 * everything. Without settings: English, the tenant's name, and the installation's sender.
 */

import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import type { Clock } from '../../shared/clock.ts';
import type { SecretKeyring } from '../../shared/secret-box.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { getTenantOrThrow, type Tenant } from '../tenants/index.ts';
import { type MessagingSettingsInput, messagingSettingsInput } from './messaging.input.ts';
import {
  nextSmtpRow,
  passwordMarkers,
  type SmtpServerView,
  smtpAuditFields,
  smtpView,
} from './smtp-settings.ts';
import { FALLBACK_LANGUAGE } from './template-catalog.ts';
import * as repo from './templates.repository.ts';

export interface MessagingSettings {
  readonly defaultLanguage: string;
  /** The name messages are signed with. */
  readonly companyName: string;
  /** The display name of the sender (default: the company name). */
  readonly fromName: string;
  /** null: the installation's sender (CASHLOOP_MAIL_FROM) is used when the message is sent. */
  readonly fromAddress: string | null;
  readonly replyTo: string | null;
  readonly bcc: string | null;
  /** The tenant's own SMTP server; null: the installation's (SMTP_URL, or files). */
  readonly smtp: SmtpServerView | null;
  readonly tenant: Tenant;
}

function effective(
  tenant: Tenant,
  row: repo.SettingsRow | null,
  smtp: repo.SmtpRow | null,
): MessagingSettings {
  const companyName = row?.companyName ?? tenant.name;
  return {
    defaultLanguage: row?.defaultLanguage ?? FALLBACK_LANGUAGE,
    companyName,
    fromName: row?.fromName ?? companyName,
    fromAddress: row?.fromAddress ?? null,
    replyTo: row?.replyTo ?? null,
    bcc: row?.bcc ?? null,
    smtp: smtpView(smtp),
    tenant,
  };
}

/** The effective settings of a tenant (defaults where nothing was set). */
export async function getMessagingSettings(q: Queryable, tenantId: string): Promise<MessagingSettings> {
  const tenant = await getTenantOrThrow(q, tenantId);
  return effective(tenant, await repo.findSettingsRow(q, tenantId), await repo.findSmtpRow(q, tenantId));
}

/**
 * Replace the settings (a field left out or null goes back to its default); the SMTP server is
 * kept when `smtp` is left out, its password when `smtp.password` is (see smtp-settings.ts).
 * A password is sealed with `secrets`; without a key it is refused (`secret_key_missing`).
 */
export async function updateMessagingSettings(
  db: Db,
  clock: Clock,
  tenantId: string,
  raw: MessagingSettingsInput,
  secrets: SecretKeyring | null = null,
): Promise<MessagingSettings> {
  const input = messagingSettingsInput.parse(raw);
  const tenant = await getTenantOrThrow(db, tenantId);
  const at = clock.now();
  const row: repo.SettingsRow = {
    tenantId,
    defaultLanguage: input.defaultLanguage,
    companyName: input.companyName ?? null,
    fromName: input.fromName ?? null,
    fromAddress: input.fromAddress ?? null,
    replyTo: input.replyTo ?? null,
    bcc: input.bcc ?? null,
    updatedAt: at,
  };
  const smtp = await withTransaction(db, async (tx) => {
    const before = await repo.findSettingsRow(tx, tenantId);
    const smtpBefore = await repo.findSmtpRow(tx, tenantId);
    const smtpAfter = nextSmtpRow(smtpBefore, input.smtp, tenantId, at, secrets);
    await repo.upsertSettingsRow(tx, row);
    if (smtpAfter && smtpAfter !== smtpBefore) await repo.upsertSmtpRow(tx, smtpAfter);
    if (!smtpAfter && smtpBefore) await repo.deleteSmtpRow(tx, tenantId);
    const [pwBefore, pwAfter] = passwordMarkers(smtpBefore, smtpAfter);
    const { updatedAt: _b, tenantId: _t, ...was } = before ?? ({} as Partial<repo.SettingsRow>);
    const { updatedAt: _a, tenantId: _t2, ...now } = row;
    await recordAudit(tx, tenantId, {
      kind: 'messaging_settings.updated',
      objectType: 'tenant',
      objectId: tenantId,
      changes: changedFields(
        before || smtpBefore ? { ...was, ...smtpAuditFields(smtpBefore, pwBefore) } : null,
        { ...now, ...smtpAuditFields(smtpAfter, pwAfter) },
      ),
    });
    return smtpAfter;
  });
  return effective(tenant, row, smtp);
}
