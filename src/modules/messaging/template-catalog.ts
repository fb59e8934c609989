/**
 * What can be written: the message kinds, their levels, the languages shipped, and the
 * placeholders each kind offers. Template texts (defaults and the tenant's) are checked against
 * this catalogue when they are saved, so a template never names a variable its kind lacks.
 */
import { validationFailed } from '../../shared/errors.ts';

export const MESSAGE_KINDS = [
  'invoice',
  'credit_note',
  'statement',
  'dunning',
  'promise_confirmation',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * What the outbox carries: the template kinds above, plus system messages to the tenant's own
 * people (`security_alert`: a monitoring finding, to the admins; `receivables_alert`: what an alert rule found, to the people it names) whose wording is not a template
 * a tenant edits (see `queueSystemMessage`).
 */
export const OUTBOX_KINDS = [...MESSAGE_KINDS, 'security_alert', 'receivables_alert'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export const SYSTEM_MESSAGE_KINDS = [
  'security_alert',
  'receivables_alert',
  'ar_pack',
  'webhook_endpoint_disabled',
] as const;
export type SystemMessageKind = (typeof SYSTEM_MESSAGE_KINDS)[number];

/** Languages with default wording in code; tenants may add templates in any other ISO 639-1 language. */
export const DEFAULT_LANGUAGES = ['en', 'de', 'fr'] as const;
export const FALLBACK_LANGUAGE = 'en';

/** Dunning levels a template may be written for; defaults exist for 1..DEFAULT_DUNNING_LEVELS. */
export const MAX_DUNNING_LEVEL = 9;
export const DEFAULT_DUNNING_LEVELS = 5;

/** A template slot without its language: dunning carries a level 1..9, every other kind level 0. */
export interface TemplateRef {
  readonly kind: MessageKind;
  readonly level: number;
}

export interface VariableSpec {
  readonly name: string;
  readonly description: string;
  /** A block (a table, several lines) must stand on a line of its own and cannot go in a subject. */
  readonly block?: boolean;
}

const COMMON: readonly VariableSpec[] = [
  { name: 'company_name', description: 'your company name (messaging settings, else the tenant name)' },
  { name: 'customer_name', description: "the customer's name" },
  { name: 'customer_number', description: "the customer's number (external id)" },
  { name: 'contact_name', description: 'name of the first contact of the customer (may be empty)' },
  {
    name: 'on_paper',
    description:
      'present in a printed letter, empty in an email: {{#if on_paper}}call us…{{else}}reply to this email…{{/if}}',
  },
  { name: 'company_phone', description: 'your phone number (letterhead; may be empty)' },
  {
    name: 'portal_url',
    description:
      "the customer's personal portal link (a fresh one per message, when the customer portal is enabled; empty otherwise and on paper)",
  },
  {
    name: 'company_email',
    description:
      'your email address (messaging reply-to, else the letterhead, else the sender; may be empty)',
  },
  {
    name: 'payment_instructions',
    description: 'how to pay: bank account (IBAN, BIC) and the reference to quote (may be empty)',
    block: true,
  },
];

const INVOICE_TABLE: VariableSpec = {
  name: 'invoice_table',
  description: 'the invoices as a table: number, date, due date, amount, open amount, days overdue',
  block: true,
};

const BY_KIND: Record<MessageKind, readonly VariableSpec[]> = {
  invoice: [
    { name: 'invoice_number', description: 'the invoice number' },
    { name: 'invoice_date', description: 'issue date, formatted for the language' },
    { name: 'due_date', description: 'due date, formatted for the language' },
    { name: 'invoice_total', description: 'invoice total (gross) with currency' },
    { name: 'amount_due', description: 'open amount with currency' },
    { name: 'payment_reference', description: 'structured creditor reference (RF…) (may be empty)' },
    { name: 'po_number', description: "the customer's purchase order number (may be empty)" },
  ],
  credit_note: [
    { name: 'credit_note_number', description: 'the credit note number' },
    { name: 'credit_note_date', description: 'issue date of the credit note' },
    { name: 'credit_note_total', description: 'credit note total with currency' },
    { name: 'invoice_number', description: 'number of the invoice it credits (may be empty)' },
    { name: 'reason', description: 'reason given for the credit (may be empty)' },
  ],
  statement: [
    { name: 'statement_date', description: 'the date of the statement' },
    INVOICE_TABLE,
    { name: 'invoice_count', description: 'number of open items listed' },
    { name: 'total_open', description: 'sum of the open amounts (per currency)' },
    { name: 'total_overdue', description: 'sum of the overdue open amounts (empty when nothing is overdue)' },
    { name: 'unapplied_credit', description: 'payments received not yet applied (may be empty)' },
    { name: 'balance', description: 'total open minus unapplied credit (per currency)' },
  ],
  dunning: [
    { name: 'level', description: 'the dunning level, 1…' },
    { name: 'letter_date', description: 'date of the letter' },
    INVOICE_TABLE,
    { name: 'invoice_count', description: 'number of invoices listed' },
    { name: 'total_open', description: 'sum of the open amounts of the invoices listed' },
    { name: 'fee', description: 'dunning fee charged with this letter (empty when none)' },
    { name: 'interest', description: 'statutory interest charged with this letter (empty when none)' },
    { name: 'interest_rate', description: 'the interest rate applied, e.g. 10.27 % p.a. (may be empty)' },
    { name: 'total_due', description: 'total open + fee + interest' },
    { name: 'pay_by', description: 'date by which payment is asked for (may be empty)' },
  ],
  promise_confirmation: [
    { name: 'promise_date', description: 'the date the customer promised to pay by' },
    { name: 'promise_amount', description: 'the amount promised' },
    { ...INVOICE_TABLE, description: 'the invoices the promise covers (may be empty)' },
    { name: 'invoice_count', description: 'number of invoices the promise covers' },
  ],
};

/** The placeholders a kind offers, common ones first. */
export function variablesOf(kind: MessageKind): readonly VariableSpec[] {
  return [...COMMON, ...BY_KIND[kind]];
}

/** `dunning-3`, `invoice`: how a template slot is named in the API and in the outbox. */
export function templateName(ref: { readonly kind: OutboxKind; readonly level: number }): string {
  return ref.kind === 'dunning' ? `dunning-${ref.level}` : ref.kind;
}

/** Parse a template name; throws validation_failed naming `field` for anything else. */
export function parseTemplateName(name: string, field = 'template'): TemplateRef {
  const dunning = /^dunning-([1-9])$/.exec(name);
  if (dunning) return { kind: 'dunning', level: Number(dunning[1]) };
  const kind = MESSAGE_KINDS.find((k) => k === name && k !== 'dunning');
  if (kind) return { kind, level: 0 };
  const message = `unknown template "${name}": one of ${allTemplateNames().join(', ')}`;
  throw validationFailed(message, [{ field, message: 'unknown template' }]);
}

/** Every template slot, in the order lists show them. */
export function allTemplateRefs(): TemplateRef[] {
  const levels = Array.from({ length: MAX_DUNNING_LEVEL }, (_, i) => i + 1);
  return [
    { kind: 'invoice', level: 0 },
    { kind: 'credit_note', level: 0 },
    { kind: 'statement', level: 0 },
    ...levels.map((level) => ({ kind: 'dunning' as const, level })),
    { kind: 'promise_confirmation', level: 0 },
  ];
}

function allTemplateNames(): string[] {
  return [...MESSAGE_KINDS.filter((k) => k !== 'dunning'), `dunning-1 … dunning-${MAX_DUNNING_LEVEL}`];
}

/** The level whose default wording a slot uses: dunning levels above the defaults use the last one. */
export function defaultLevelFor(ref: TemplateRef): number {
  return ref.kind === 'dunning' ? Math.min(ref.level, DEFAULT_DUNNING_LEVELS) : 0;
}

export const LANGUAGE_CODE = /^[a-z]{2}$/;

/** The template language of a language tag: `fr-CH` → `fr`; null when the tag has no usable language. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return LANGUAGE_CODE.test(primary) ? primary : null;
}
