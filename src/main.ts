/**
 * Composition root: config → database → clock and ledger → the mail transport → the default tenant.
 * The CLI and the server both start from here; tests build the same pieces themselves.
 */
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { httpTransport } from './jobs/webhook-transport.ts';
import { notifyAdminsOfDisabledEndpoint } from './modules/alerts/index.ts';
import { onMessageSettled } from './modules/communication/index.ts';
import { type CoreDeps, coreDeps } from './modules/core-deps.ts';
import { documentAttachmentRenderer, getStoredDocument } from './modules/documents/index.ts';
import type { MessagingDeps } from './modules/messaging/index.ts';
import { createMailTransport, tenantAwareTransport } from './modules/messaging/index.ts';
import { ensureDefaultTenant, getTenantOrThrow, type Tenant } from './modules/tenants/index.ts';
import { type Clock, systemClock } from './shared/clock.ts';

/** The core dependencies plus the outbox's transport (what `deliverOutbox` and the routes need). */
export type RuntimeDeps = CoreDeps & { readonly messaging: MessagingDeps };

export interface Runtime {
  readonly config: Config;
  readonly database: Database;
  readonly deps: RuntimeDeps;
  /** The tenant the CLI acts on as local administrator. */
  readonly tenant: Tenant;
  /** True when this start created the tenant (an empty data directory or database). */
  readonly freshTenant: boolean;
  close(): Promise<void>;
}

/**
 * A tenant's own SMTP server where it set one, else SMTP when SMTP_URL is set, else .eml files in
 * the outbox folder; attachments from the document
 * store, and documents queued to be rendered (invoice PDFs, statements) rendered at first send.
 */
function messagingDeps(config: Config, core: CoreDeps): MessagingDeps {
  return {
    transport: tenantAwareTransport({
      db: core.db,
      fallback: createMailTransport({ smtpUrl: config.mail.smtpUrl, outboxDir: config.mail.outboxDir }),
      secrets: config.secrets,
    }),
    resolveAttachment: getStoredDocument,
    renderAttachment: documentAttachmentRenderer(core),
    onSettled: onMessageSettled,
    mailFrom: config.mail.from,
    ...(config.mail.retryDelaysSeconds ? { retryDelaysSeconds: config.mail.retryDelaysSeconds } : {}),
  };
}

export async function openRuntime(config: Config, clock: Clock = systemClock): Promise<Runtime> {
  const database = await openDatabase(config.database);
  try {
    const core: CoreDeps = {
      ...coreDeps(database.db, clock),
      secrets: config.secrets,
      publicUrl: config.publicUrl,
      webhooks: {
        transport: httpTransport,
        policy: { allowPrivateAddresses: config.webhooksAllowPrivate },
        onEndpointDisabled: notifyAdminsOfDisabledEndpoint,
      },
    };
    const messaging = messagingDeps(config, core);
    const deps: RuntimeDeps = { ...core, messaging };
    const { tenant, created } = config.tenantId
      ? { tenant: await getTenantOrThrow(database.db, config.tenantId), created: false }
      : await ensureDefaultTenant(database.db, {
          name: config.companyName,
          baseCurrency: config.baseCurrency,
        });
    const close = async () => {
      await messaging.transport.close();
      await database.close();
    };
    return { config, database, deps, tenant, freshTenant: created, close };
  } catch (error) {
    await database.close();
    throw error;
  }
}
