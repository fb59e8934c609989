/**
 * `cashloop approvals …`: the requests that wait for a checker, their decisions, and the policy.
 * On the command line the checker is the operating-system user (`cli:<user>`), holding every level:
 * whoever runs the CLI holds the data directory. The maker rule still applies (a CLI user cannot
 * decide a request made as that user); the cash-poster rule sees only cash posted through the API
 * or the web app, because entries the CLI posts carry no author (docs/approvals.md).
 */
import { readFile } from 'node:fs/promises';
import { GRANTED_LEVELS } from '../../modules/apikeys/index.ts';
import {
  APPROVAL_KINDS,
  APPROVAL_STATUSES,
  type ApprovalRequest,
  approveRequest,
  cancelRequest,
  getApprovalPolicy,
  getApprovalRequestOrThrow,
  listApprovalRequests,
  rejectRequest,
  setApprovalPolicy,
} from '../../modules/approvals/index.ts';
import { type ActingAs, currentOrigin } from '../../shared/acting-as.ts';
import { formatAmount } from '../../shared/money.ts';
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

/** The person deciding on the command line: the operating-system user. */
function cliActor(): ActingAs {
  return { name: `cli:${currentOrigin().agent ?? 'unknown'}`, keyId: null, userId: null };
}
const cliChecker = () => ({ actor: cliActor(), levels: GRANTED_LEVELS });

const amountOf = (r: ApprovalRequest) =>
  r.amountMinor === null || r.currency === null
    ? ''
    : `${r.currency} ${formatAmount(r.amountMinor, r.currency)}`;

function describe(r: ApprovalRequest): string {
  const lines = [
    `${r.requestId}  ${r.kind}  ${r.status}`,
    `  ${r.summary}${amountOf(r) ? ` (${amountOf(r)})` : ''}`,
    `  requested by ${r.makerName} at ${r.requestedAt.toISOString()} (${r.originChannel}); expires ${r.expiresAt.toISOString()}; approver level ${r.approverLevel}`,
  ];
  if (r.decidedAt)
    lines.push(
      `  ${r.status} by ${r.checkerName} at ${r.decidedAt.toISOString()}${r.decisionReason ? `: ${r.decisionReason}` : ''}`,
    );
  if (r.result) lines.push(`  result: ${JSON.stringify(r.result)}`);
  return `${lines.join('\n')}\n`;
}

export const approvalsList: CommandSpec = {
  name: 'approvals list',
  usage: `cashloop approvals list [--status ${APPROVAL_STATUSES.join('|')}] [--kind K] [--customer C] [--limit N] [--json]`,
  options: FILTERED_LIST_OPTIONS,
  positionals: [],
  async run({ runtime, io, values }) {
    const filter = {
      ...optional('status', oneOfOption(values, 'status', APPROVAL_STATUSES)),
      ...optional('kind', oneOfOption(values, 'kind', APPROVAL_KINDS)),
      ...optional('customer', stringOption(values, 'customer')),
    };
    const requests = await collectPages(
      limitOption(values),
      PAGE,
      async (want, cursor: string | undefined) => {
        const page = await listApprovalRequests(runtime.deps.db, runtime.tenant.tenantId, {
          ...filter,
          ...optional('cursor', cursor),
          limit: want,
        });
        return { items: page.requests, next: page.nextCursor };
      },
    );
    if (values.json) io.stdout(toJson(requests));
    else
      io.stdout(
        table(
          ['ID', 'KIND', 'STATUS', 'AMOUNT', 'MAKER', 'EXPIRES', 'SUMMARY'],
          requests.map((r) => [
            r.requestId,
            r.kind,
            r.status,
            amountOf(r),
            r.makerName,
            r.expiresAt.toISOString(),
            r.summary,
          ]),
          [3],
        ),
      );
    return 0;
  },
};

const optional = (name: string, v: string | undefined) => (v === undefined ? {} : { [name]: v });

export const approvalsShow: CommandSpec = {
  name: 'approvals show',
  usage: 'cashloop approvals show ID [--json]',
  options: { json: { type: 'boolean' } },
  positionals: ['ID'],
  async run({ runtime, io, values, positionals }) {
    const r = await getApprovalRequestOrThrow(runtime.deps.db, runtime.tenant.tenantId, positionals[0] ?? '');
    io.stdout(values.json ? toJson(r) : describe(r));
    return 0;
  },
};

export const approvalsApprove: CommandSpec = {
  name: 'approvals approve',
  usage: 'cashloop approvals approve ID [--reason R]',
  options: { reason: { type: 'string' } },
  positionals: ['ID'],
  async run({ runtime, io, values, positionals }) {
    const r = await approveRequest(
      runtime.deps,
      runtime.tenant.tenantId,
      positionals[0] ?? '',
      cliChecker(),
      stringOption(values, 'reason'),
    );
    if (r.status === 'failed') {
      io.stderr(`error: approval request ${r.requestId} failed: ${r.decisionReason ?? ''}\n`);
      return 5;
    }
    io.stdout(describe(r));
    return 0;
  },
};

export const approvalsReject: CommandSpec = {
  name: 'approvals reject',
  usage: 'cashloop approvals reject ID --reason R',
  options: { reason: { type: 'string' } },
  positionals: ['ID'],
  async run({ runtime, io, values, positionals }) {
    const id = positionals[0] ?? '';
    const reason = stringOption(values, 'reason') ?? '';
    io.stdout(describe(await rejectRequest(runtime.deps, runtime.tenant.tenantId, id, cliChecker(), reason)));
    return 0;
  },
};

export const approvalsCancel: CommandSpec = {
  name: 'approvals cancel',
  usage: 'cashloop approvals cancel ID [--reason R]',
  options: { reason: { type: 'string' } },
  positionals: ['ID'],
  async run({ runtime, io, values, positionals }) {
    const id = positionals[0] ?? '';
    const r = await cancelRequest(
      runtime.deps,
      runtime.tenant.tenantId,
      id,
      cliActor(),
      stringOption(values, 'reason'),
    );
    io.stdout(describe(r));
    return 0;
  },
};

export const approvalsPolicy: CommandSpec = {
  name: 'approvals policy',
  usage: 'cashloop approvals policy [--set FILE.json] [--json]',
  options: { set: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const file = stringOption(values, 'set');
    const tenantId = runtime.tenant.tenantId;
    const policy = file
      ? await setApprovalPolicy(runtime.deps, tenantId, JSON.parse(await readFile(file, 'utf8')))
      : await getApprovalPolicy(runtime.deps.db, tenantId);
    if (values.json) {
      io.stdout(toJson(policy));
      return 0;
    }
    io.stdout(
      table(
        ['KIND', 'ENABLED', 'THRESHOLDS', 'LEVEL', 'EXPIRES (H)'],
        policy.kinds.map((k) => [
          k.kind,
          k.enabled ? 'yes' : 'no',
          k.thresholds.map((t) => `${t.currency} ${t.amount}`).join(', '),
          k.approverLevel,
          String(k.expiresAfterHours),
        ]),
        [4],
      ),
    );
    for (const r of policy.sodRules)
      io.stdout(
        `${r.rule}: ${r.enabled ? 'on' : 'off'}${r.windowDays ? `, window ${r.windowDays} days` : ''}\n`,
      );
    return 0;
  },
};
