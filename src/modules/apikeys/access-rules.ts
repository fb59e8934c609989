/**
 * The role rules of the API, declared once: which roles hold each access level and what the
 * level lets them do. Every route names one level in `config.access` (auth.ts refuses a route
 * that does not); this table decides which roles reach it. The route matrix test
 * (test/integration/api-access.test.ts) checks every route against every role from this table,
 * and the roles section of docs/api.md is generated from it.
 *
 * Levels are nested: each role holds a prefix of `GRANTED_LEVELS`, so an API key's scope can be
 * a ceiling (a key scoped to `read` keeps only `read` of its role's levels).
 *
 * `portal` is held by no role and no key: its routes (`/v1/portal/…`) are opened only by a
 * customer's portal link (`Authorization: Portal <token>`, docs/portal.md), which in turn opens
 * nothing else. A staff key or session there is refused, and so is a portal link on a staff route.
 */
import { z } from 'zod';
import type { Role } from './roles.ts';

export const ACCESS_LEVELS = ['public', 'portal', 'read', 'collect', 'write', 'credit', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];
/** The levels a role or a key can be granted (`public` needs no grant), weakest first. */
export const GRANTED_LEVELS = ['read', 'collect', 'write', 'credit', 'admin'] as const;
export type GrantedAccess = (typeof GRANTED_LEVELS)[number];
export const grantedLevelSchema = z.enum(GRANTED_LEVELS);

/** One level: the roles that hold it and what it covers (shown in docs/api.md and in 403s). */
export interface AccessRule {
  readonly roles: readonly Role[];
  /** What a role below the level is refused, as "role viewer may not …". */
  readonly verb: string;
  /** What the level covers, for the docs. */
  readonly covers: string;
  /** Why these roles and no others (the decision, for reviewers and auditors). */
  readonly why: string;
}

export const ACCESS_RULES: Record<GrantedAccess, AccessRule> = {
  read: {
    roles: ['viewer', 'collector', 'accountant', 'credit_manager', 'admin'],
    verb: 'read data',
    covers:
      'lists, documents, PDFs, the ledger, reports and exports; previews that store nothing; one’s own saved views, session and notifications',
    why: 'everyone on the AR team, auditors included, must see the books; a read changes no balance',
  },
  collect: {
    roles: ['collector', 'accountant', 'credit_manager', 'admin'],
    verb: 'log collections work',
    covers:
      'activities (calls, notes), promises to pay and their cancellation, opening disputes and adding notes, Stripe checkout links for open invoices (the money posts only when Stripe reports the payment)',
    why: 'collectors record what customers say; none of it posts money or closes a dispute',
  },
  write: {
    roles: ['accountant', 'credit_manager', 'admin'],
    verb: 'change data',
    covers:
      'customers, terms, categories, invoices, credit notes, receipts, allocations, refunds, write-offs, bank statements and cash application, dunning policies and runs, resolving or rejecting disputes, sending documents, exporting journal batches to the ERP',
    why: 'posting to the ledger and deciding a dispute are accounting decisions; a collector who could reject a dispute would decide on a claim they are chased for',
  },
  credit: {
    roles: ['credit_manager', 'admin'],
    verb: 'change credit limits or holds, or override them',
    covers:
      'credit limits (also when a customer is created), holds and their release, issuing over a hold or limit; alert rules (who is told of overdue invoices, broken promises, unapplied cash) and their check; KPI goals (targets whose misses are told)',
    why: 'credit risk is the credit manager’s call, separate from who books the invoices',
  },
  admin: {
    roles: ['admin'],
    verb: 'change settings of the company: users, API keys, e-mail wording, letterhead, numbering',
    covers:
      'users and their sessions, API keys, message templates (the wording of every e-mail and letter, payment instructions included), letterhead (the bank account on every document), messaging, delivery and matching settings, numbering series, the mapping of accounts and customers to the ERP’s chart, the outbox and background jobs, outbound webhooks (endpoints, their signing secrets, the delivery log, replay), the payment provider’s keys (Stripe)',
    why: 'whoever can change the wording or the bank account customers pay to can redirect payments; only the administrator may',
  },
};

/** The levels a role holds (`public` aside), weakest first. */
export function grantsOf(role: Role): readonly GrantedAccess[] {
  return GRANTED_LEVELS.filter((level) => ACCESS_RULES[level].roles.includes(role));
}

/** The levels a role holds up to `ceiling` (an API key's scope); all of them without one. */
export function grantsWithin(role: Role, ceiling: GrantedAccess | null): readonly GrantedAccess[] {
  const granted = grantsOf(role);
  if (ceiling === null) return granted;
  const top = GRANTED_LEVELS.indexOf(ceiling);
  return granted.filter((level) => GRANTED_LEVELS.indexOf(level) <= top);
}

/** What the `portal` level covers and why no role holds it (for the docs). */
export const PORTAL_ACCESS_RULE = {
  verb: 'use the customer portal (it takes a customer’s portal link, not a staff credential)',
  covers:
    'one customer’s own invoices, PDFs, e-invoices and statement; paying them online, disputing them, promising a date',
  why: 'the customer acts only on their own account, through a signed link staff issue and can withdraw',
} as const;

/** True when `access` is public or among `granted`. */
export function grantsInclude(granted: readonly GrantedAccess[], access: Access): boolean {
  return access === 'public' || (granted as readonly Access[]).includes(access);
}

/** The refusal of a level, as "may not …". */
export function refusalOf(access: Access): string {
  if (access === 'public') return 'read data';
  return access === 'portal' ? PORTAL_ACCESS_RULE.verb : ACCESS_RULES[access].verb;
}
