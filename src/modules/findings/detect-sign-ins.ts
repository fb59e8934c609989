/**
 * The sign-in detectors. Access from a new place: a successful sign-in from an IP network (/24,
 * /48) or a user-agent family the user has not signed in from in the look-back window (with no
 * sign-in in the window there is nothing to compare with: no finding, so a first sign-in is none).
 * Repeated failed sign-ins: `threshold` failures for one account, or from one IP address across
 * several accounts, within `windowMinutes`; one finding per burst (at the failure that reaches the
 * threshold), so a rescan or a longer burst does not raise it again.
 */
import type { AuditRecordView } from '../audit/index.ts';
import { citeRecords, detailText } from './evidence.ts';
import type { FindingDraft } from './findings.types.ts';
import { networkOf } from './ip-network.ts';
import { userAgentFamily } from './user-agent-family.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

function ipOf(r: AuditRecordView): string | null {
  return detailText(r, 'ip') ?? r.origin.ip;
}

function agentOf(r: AuditRecordView): string | null {
  return detailText(r, 'userAgent') ?? (r.origin.channel === 'http' ? r.origin.agent : null);
}

export interface NewPlaceFacts {
  /** The new `session.signed_in` records to judge. */
  readonly signIns: readonly AuditRecordView[];
  /** `session.signed_in` records of the same users from `lookbackDays` before the first on. */
  readonly history: readonly AuditRecordView[];
  readonly lookbackDays: number;
}

function newPlaceOf(s: AuditRecordView, facts: NewPlaceFacts): FindingDraft | null {
  const userId = detailText(s, 'userId');
  const since = s.occurredAt.getTime() - facts.lookbackDays * DAY_MS;
  const before = facts.history.filter(
    (h) => detailText(h, 'userId') === userId && h.seq < s.seq && h.occurredAt.getTime() >= since,
  );
  if (before.length === 0) return null;
  const networks = new Set(before.map((h) => networkOf(ipOf(h))));
  const families = new Set(before.map((h) => userAgentFamily(agentOf(h))));
  const network = networkOf(ipOf(s));
  const family = userAgentFamily(agentOf(s));
  const newNetwork = network !== null && !networks.has(network);
  const newFamily = family !== null && !families.has(family);
  if (!newNetwork && !newFamily) return null;
  const what = [newNetwork ? `network ${network}` : null, newFamily ? family : null].filter(Boolean);
  return {
    kind: 'sign_in_new_place',
    severity: newNetwork && newFamily ? 'medium' : 'low',
    title: `${s.actor.name} signed in from a new ${what.join(' with ')}`,
    dedupeKey: `sign_in_new_place:${s.seq}`,
    occurredAt: s.occurredAt,
    evidence: {
      records: citeRecords(s),
      userId,
      facts: {
        ip: ipOf(s),
        network,
        userAgent: agentOf(s),
        family,
        newNetwork,
        newFamily,
        seenNetworks: [...networks].filter(Boolean).slice(0, 20),
        seenFamilies: [...families].filter(Boolean).slice(0, 20),
        lookbackDays: facts.lookbackDays,
        signInsCompared: before.length,
      },
    },
  };
}

export function detectNewPlaces(facts: NewPlaceFacts): FindingDraft[] {
  return facts.signIns.flatMap((s) => newPlaceOf(s, facts) ?? []);
}

export interface FailedSignInFacts {
  /** `session.sign_in_failed` records from twice the window before the first new one on, oldest first. */
  readonly failures: readonly AuditRecordView[];
  /** Only failures numbered after this are new (a finding is raised at a new failure only). */
  readonly afterSeq: bigint;
  readonly threshold: number;
  readonly windowMinutes: number;
}

/** Who a failure was for: the user, or the e-mail tried when it names no user. */
export function accountOf(r: AuditRecordView): string {
  const userId = detailText(r, 'userId');
  return userId ? `user:${userId}` : `email:${detailText(r, 'emailKey') ?? '?'}`;
}

/** For each failure of a group (oldest first), how many of the group fell in its window. */
function windowCounts(group: readonly AuditRecordView[], windowMs: number): number[] {
  return group.map((f, i) => {
    let n = 0;
    for (let j = i; j >= 0; j--) {
      const g = group[j];
      if (!g || f.occurredAt.getTime() - g.occurredAt.getTime() >= windowMs) break;
      n++;
    }
    return n;
  });
}

/** The failures at which a group first reaches the threshold (the start of each burst). */
function burstStarts(group: readonly AuditRecordView[], facts: FailedSignInFacts): AuditRecordView[] {
  const counts = windowCounts(group, facts.windowMinutes * MINUTE_MS);
  return group.filter(
    (f, i) =>
      f.seq > facts.afterSeq && (counts[i] ?? 0) >= facts.threshold && (counts[i - 1] ?? 0) < facts.threshold,
  );
}

function groupBy(records: readonly AuditRecordView[], key: (r: AuditRecordView) => string | null) {
  const groups = new Map<string, AuditRecordView[]>();
  for (const r of records) {
    const k = key(r);
    if (k === null) continue;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return groups;
}

function burstFinding(
  scope: 'account' | 'ip',
  key: string,
  at: AuditRecordView,
  group: readonly AuditRecordView[],
  facts: FailedSignInFacts,
): FindingDraft {
  const windowMs = facts.windowMinutes * MINUTE_MS;
  const inWindow = group.filter(
    (g) => g.seq <= at.seq && at.occurredAt.getTime() - g.occurredAt.getTime() < windowMs,
  );
  const accounts = [...new Set(inWindow.map(accountOf))];
  const userIds = [...new Set(inWindow.flatMap((g) => detailText(g, 'userId') ?? []))];
  return {
    kind: 'repeated_failed_sign_ins',
    severity: scope === 'ip' ? 'high' : 'medium',
    title:
      scope === 'ip'
        ? `${inWindow.length} failed sign-ins from ${key} for ${accounts.length} accounts within ${facts.windowMinutes} minutes`
        : `${inWindow.length} failed sign-ins for ${detailText(at, 'emailKey') ?? key} within ${facts.windowMinutes} minutes`,
    dedupeKey: `repeated_failed_sign_ins:${scope}:${key}:${at.seq}`,
    occurredAt: at.occurredAt,
    evidence: {
      records: citeRecords(...inWindow),
      userId: userIds.length === 1 ? (userIds[0] ?? null) : null,
      facts: {
        scope,
        key,
        failures: inWindow.length,
        accounts,
        addresses: [...new Set(inWindow.map(ipOf))],
        threshold: facts.threshold,
        windowMinutes: facts.windowMinutes,
      },
    },
  };
}

export function detectRepeatedFailedSignIns(facts: FailedSignInFacts): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const [key, group] of groupBy(facts.failures, accountOf))
    for (const at of burstStarts(group, facts)) out.push(burstFinding('account', key, at, group, facts));
  for (const [ip, group] of groupBy(facts.failures, ipOf))
    for (const at of burstStarts(group, facts)) {
      const finding = burstFinding('ip', ip, at, group, facts);
      if ((finding.evidence.facts.accounts as string[]).length > 1) out.push(finding);
    }
  return out;
}
