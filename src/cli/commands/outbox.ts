/** `cashloop outbox deliver`, `cashloop messages list`, `cashloop messages retry ID`. */
import {
  deliverOutbox,
  getMessage,
  listMessages,
  type MessageSummary,
  OUTBOX_KINDS,
  OUTBOX_STATUSES,
  type OutboxKind,
  type OutboxStatus,
  retryMessage,
} from '../../modules/messaging/index.ts';
import { table, toJson } from '../io.ts';
import {
  type CommandSpec,
  collectPages,
  FILTERED_LIST_OPTIONS,
  limitOption,
  oneOfOption,
  stringOption,
} from './types.ts';

const PAGE = 500;

export const outboxDeliver: CommandSpec = {
  name: 'outbox deliver',
  usage: 'cashloop outbox deliver [--limit N] [--all-tenants] [--json]',
  options: { limit: { type: 'string' }, 'all-tenants': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const limit = limitOption(values);
    const summary = await deliverOutbox(runtime.deps, {
      ...(values['all-tenants'] ? {} : { tenantId: runtime.tenant.tenantId }),
      ...(limit ? { limit } : { limit: 100_000 }),
    });
    if (values.json) {
      io.stdout(toJson(summary));
      return 0;
    }
    if (summary.messages.length > 0)
      io.stdout(
        table(
          ['MESSAGE', 'ATTEMPT', 'STATUS', 'NEXT ATTEMPT', 'ERROR'],
          summary.messages.map((m) => [
            m.messageId,
            String(m.attempt),
            m.status,
            m.nextAttemptAt?.toISOString() ?? '',
            (m.error ?? '').slice(0, 80),
          ]),
          [1],
        ),
      );
    io.stdout(
      `${summary.claimed} message(s) due via ${summary.transport}: ${summary.sent} sent, ${summary.retrying} to retry, ${summary.failed} failed.\n`,
    );
    return 0;
  },
};

function messageRow(m: MessageSummary) {
  return {
    id: m.id,
    status: m.status,
    template: m.template,
    language: m.language,
    to: m.to.join(', '),
    subject: m.subject,
    attempts: m.attempts,
    queuedAt: m.queuedAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    nextAttemptAt: m.nextAttemptAt?.toISOString() ?? null,
    lastError: m.lastError,
  };
}

export const messagesList: CommandSpec = {
  name: 'messages list',
  usage: `cashloop messages list [--status ${OUTBOX_STATUSES.join('|')}] [--kind K] [--customer C] [--limit N] [--json]`,
  options: FILTERED_LIST_OPTIONS,
  positionals: [],
  async run({ runtime, io, values }) {
    const status: OutboxStatus | undefined = oneOfOption(values, 'status', OUTBOX_STATUSES);
    const kind: OutboxKind | undefined = oneOfOption(values, 'kind', OUTBOX_KINDS);
    const customer = stringOption(values, 'customer');
    const rows = await collectPages(limitOption(values), PAGE, async (want, cursor: string | undefined) => {
      const page = await listMessages(runtime.deps.db, runtime.tenant.tenantId, {
        limit: want,
        cursor,
        status,
        kind,
        customer,
      });
      return { items: page.items, next: page.nextCursor };
    });
    const messages = rows.map(messageRow);
    if (values.json) {
      io.stdout(toJson({ messages }));
      return 0;
    }
    io.stdout(
      table(
        ['ID', 'STATUS', 'TEMPLATE', 'LANG', 'TO', 'ATTEMPTS', 'QUEUED', 'SUBJECT / ERROR'],
        messages.map((m) => [
          m.id,
          m.status,
          m.template,
          m.language,
          m.to.slice(0, 40),
          String(m.attempts),
          m.queuedAt.slice(0, 16),
          (m.status === 'failed' ? (m.lastError ?? '') : m.subject).slice(0, 70),
        ]),
        [5],
      ),
    );
    io.stdout(`${messages.length} message(s)\n`);
    return 0;
  },
};

export const messagesRetry: CommandSpec = {
  name: 'messages retry',
  usage: 'cashloop messages retry ID [--json]',
  options: { json: { type: 'boolean' } },
  positionals: ['ID'],
  async run({ runtime, io, values, positionals }) {
    const id = positionals[0] ?? '';
    const message = await retryMessage(runtime.deps.db, runtime.deps.clock, runtime.tenant.tenantId, id);
    if (values.json) {
      io.stdout(toJson({ message: messageRow(message) }));
      return 0;
    }
    const detail = await getMessage(runtime.deps.db, runtime.tenant.tenantId, id);
    io.stdout(
      `Message ${id} is queued again (${detail.attempts} attempt(s) so far); \`cashloop outbox deliver\` sends it.\n`,
    );
    return 0;
  },
};
