import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { businessDate, instant, minor, minorZero, tenantId } from '../../db/columns.ts';
import { customerCategories, customers } from '../customers/customers.tables.ts';

/** Dunning policies: grace days, statutory interest terms; levels, fees and minimums below. */
export const dunningPolicies = pgTable(
  'dunning_policies',
  {
    tenantId: tenantId(),
    policyId: uuid('policy_id').notNull(),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    graceDays: integer('grace_days').notNull().default(0),
    /** Null: the policy charges no interest. */
    interestDayCount: text('interest_day_count'),
    interestMarginPct: numeric('interest_margin_pct'),
    /** Issue a final interest statement when an invoice charged interest is paid after its last charge. */
    finalInterestStatement: boolean('final_interest_statement').notNull().default(false),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.policyId] }),
    uniqueIndex('dunning_policies_name_uq').on(t.tenantId, t.name),
    uniqueIndex('dunning_policies_default_uq').on(t.tenantId).where(sql`${t.isDefault}`),
    check('dunning_policies_grace_check', sql`${t.graceDays} between 0 and 365`),
    check(
      'dunning_policies_day_count_check',
      sql`${t.interestDayCount} is null or ${t.interestDayCount} in ('act/365','act/360','act/act')`,
    ),
  ],
);

/** Levels of a policy: strictly increasing offsets (unique per policy), numbered 1..n. */
export const dunningPolicyLevels = pgTable(
  'dunning_policy_levels',
  {
    tenantId: tenantId(),
    policyId: uuid('policy_id').notNull(),
    levelNo: integer('level_no').notNull(),
    offsetDays: integer('offset_days').notNull(),
    templateKey: text('template_key').notNull(),
    channel: text('channel').notNull(),
    chargesInterest: boolean('charges_interest').notNull().default(false),
    handsOver: boolean('hands_over').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.policyId, t.levelNo] }),
    uniqueIndex('dunning_policy_levels_offset_uq').on(t.tenantId, t.policyId, t.offsetDays),
    foreignKey({
      columns: [t.tenantId, t.policyId],
      foreignColumns: [dunningPolicies.tenantId, dunningPolicies.policyId],
    }).onDelete('cascade'),
    check('dunning_policy_levels_channel_check', sql`${t.channel} in ('email','letter','none')`),
    check('dunning_policy_levels_no_check', sql`${t.levelNo} >= 1`),
  ],
);

/** The fee of a level in one currency. */
export const dunningLevelFees = pgTable(
  'dunning_level_fees',
  {
    tenantId: tenantId(),
    policyId: uuid('policy_id').notNull(),
    levelNo: integer('level_no').notNull(),
    currency: text('currency').notNull(),
    feeMinor: minor('fee_minor').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.policyId, t.levelNo, t.currency] }),
    foreignKey({
      columns: [t.tenantId, t.policyId, t.levelNo],
      foreignColumns: [
        dunningPolicyLevels.tenantId,
        dunningPolicyLevels.policyId,
        dunningPolicyLevels.levelNo,
      ],
    }).onDelete('cascade'),
    check('dunning_level_fees_amount_check', sql`${t.feeMinor} > 0`),
  ],
);

/** The smallest amount a letter of the policy is sent for, in one currency. */
export const dunningPolicyMinimums = pgTable(
  'dunning_policy_minimums',
  {
    tenantId: tenantId(),
    policyId: uuid('policy_id').notNull(),
    currency: text('currency').notNull(),
    minimumMinor: minor('minimum_minor').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.policyId, t.currency] }),
    foreignKey({
      columns: [t.tenantId, t.policyId],
      foreignColumns: [dunningPolicies.tenantId, dunningPolicies.policyId],
    }).onDelete('cascade'),
    check('dunning_policy_minimums_amount_check', sql`${t.minimumMinor} >= 0`),
  ],
);

/** Base rates of a policy's statutory interest, each in force from its date until the next. */
export const dunningBaseRates = pgTable(
  'dunning_base_rates',
  {
    tenantId: tenantId(),
    policyId: uuid('policy_id').notNull(),
    effectiveFrom: businessDate('effective_from').notNull(),
    ratePct: numeric('rate_pct').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.policyId, t.effectiveFrom] }),
    foreignKey({
      columns: [t.tenantId, t.policyId],
      foreignColumns: [dunningPolicies.tenantId, dunningPolicies.policyId],
    }).onDelete('cascade'),
  ],
);

/** The policy of a receivable category or subcategory (a subcategory's wins over its category's). */
export const dunningCategoryPolicies = pgTable(
  'dunning_category_policies',
  {
    tenantId: tenantId(),
    categoryId: uuid('category_id').notNull(),
    policyId: uuid('policy_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.categoryId] }),
    foreignKey({
      columns: [t.tenantId, t.categoryId],
      foreignColumns: [customerCategories.tenantId, customerCategories.categoryId],
    }),
    foreignKey({
      columns: [t.tenantId, t.policyId],
      foreignColumns: [dunningPolicies.tenantId, dunningPolicies.policyId],
    }),
  ],
);

/** Per customer: an own policy, a hold from dunning, and the hand-over to collections. */
export const dunningCustomers = pgTable(
  'dunning_customers',
  {
    tenantId: tenantId(),
    customerId: uuid('customer_id').notNull(),
    policyId: uuid('policy_id'),
    holdReason: text('hold_reason'),
    /** Last day of the hold (inclusive); null with a reason: until released. */
    holdUntil: businessDate('hold_until'),
    holdSetAt: instant('hold_set_at'),
    handedOverOn: businessDate('handed_over_on'),
    handedOverLetterId: uuid('handed_over_letter_id'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.customerId] }),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customers.tenantId, customers.customerId],
    }),
    foreignKey({
      columns: [t.tenantId, t.policyId],
      foreignColumns: [dunningPolicies.tenantId, dunningPolicies.policyId],
    }),
    check('dunning_customers_hold_check', sql`${t.holdUntil} is null or ${t.holdReason} is not null`),
  ],
);

/** One recorded (not dry) dunning run. */
export const dunningRuns = pgTable(
  'dunning_runs',
  {
    tenantId: tenantId(),
    runId: uuid('run_id').notNull(),
    asOf: businessDate('as_of').notNull(),
    letterCount: integer('letter_count').notNull(),
    noticeCount: integer('notice_count').notNull(),
    skippedCount: integer('skipped_count').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.runId] }),
    index('dunning_runs_as_of_idx').on(t.tenantId, t.asOf),
  ],
);

/** A letter: one per customer, currency and day, at the highest level of its invoices. */
export const dunningLetters = pgTable(
  'dunning_letters',
  {
    tenantId: tenantId(),
    letterId: uuid('letter_id').notNull(),
    runId: uuid('run_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    currency: text('currency').notNull(),
    asOf: businessDate('as_of').notNull(),
    policyId: uuid('policy_id').notNull(),
    levelNo: integer('level_no').notNull(),
    templateKey: text('template_key').notNull(),
    /** The message template slot (`dunning-N`) its wording takes, fixed at the run (null: recorded before it was kept). */
    templateLevel: integer('template_level'),
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    openMinor: minor('open_minor').notNull(),
    overdueMinor: minor('overdue_minor').notNull(),
    feeMinor: minorZero('fee_minor'),
    interestMinor: minorZero('interest_minor'),
    /** The DUN document that carries the fee and interest as an open item. */
    chargeInvoiceId: uuid('charge_invoice_id'),
    handsOver: boolean('hands_over').notNull().default(false),
    /** The tenant's letterhead version when the run recorded the letter (null: recorded before versions were kept here). */
    letterheadVersion: integer('letterhead_version'),
    createdAt: instant('created_at').notNull().defaultNow(),
    statusChangedAt: instant('status_changed_at').notNull().defaultNow(),
    /** A `letter`-channel letter recorded as printed and posted: when, and by whom (an API key or the CLI). */
    printedAt: instant('printed_at'),
    printedBy: text('printed_by'),
    printedByKeyId: uuid('printed_by_key_id'),
    printedByUserId: uuid('printed_by_user_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.letterId] }),
    // One letter per customer, currency and day; also the index of a day's (a run's) letters.
    uniqueIndex('dunning_letters_day_uq').on(t.tenantId, t.asOf, t.customerId, t.currency),
    index('dunning_letters_customer_idx').on(t.tenantId, t.customerId, t.letterId),
    // The print queue: letters for the post not printed yet (a small part of all letters).
    index('dunning_letters_to_print_idx')
      .on(t.tenantId, t.letterId)
      .where(sql`${t.channel} = 'letter' and ${t.status} = 'planned'`),
    // No foreign keys to the run and the customer, nor from the notices to the letter: the run
    // writes all of them in one transaction, and per-row key checks cost more than the inserts
    // (measured in bench/dunning.ts).
    check('dunning_letters_channel_check', sql`${t.channel} in ('email','letter','none')`),
    check(
      'dunning_letters_status_check',
      sql`${t.status} in ('planned','queued','sent','failed','recorded')`,
    ),
    check(
      'dunning_letters_printed_check',
      sql`(${t.printedAt} is null) = (${t.printedBy} is null) and (${t.printedAt} is null or ${t.channel} = 'letter')`,
    ),
    check(
      'dunning_letters_amounts_check',
      sql`${t.openMinor} >= 0 and ${t.overdueMinor} >= 0 and ${t.feeMinor} >= 0 and ${t.interestMinor} >= 0`,
    ),
  ],
);

/** The level an invoice received in a letter: each level once per invoice. */
export const dunningNotices = pgTable(
  'dunning_notices',
  {
    tenantId: tenantId(),
    invoiceId: uuid('invoice_id').notNull(),
    levelNo: integer('level_no').notNull(),
    letterId: uuid('letter_id').notNull(),
    offsetDays: integer('offset_days').notNull(),
    sentOn: businessDate('sent_on').notNull(),
    openMinor: minor('open_minor').notNull(),
    daysOverdue: integer('days_overdue').notNull(),
    interestMinor: minorZero('interest_minor'),
    interestFrom: businessDate('interest_from'),
    interestThrough: businessDate('interest_through'),
    /** The segments of the interest (days, principal, rate, divisor) as the letter explains them. */
    interestDetail: jsonb('interest_detail').$type<InterestDetail>(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.invoiceId, t.levelNo] }),
    index('dunning_notices_letter_idx').on(t.tenantId, t.letterId),
    check(
      'dunning_notices_interest_check',
      sql`(${t.interestFrom} is null) = (${t.interestThrough} is null) and (${t.interestFrom} is null or ${t.interestFrom} <= ${t.interestThrough})`,
    ),
  ],
);

/**
 * The planner's index: per invoice, the last level received and the last day interest was charged
 * through. Written with every notice, in the same transaction; the notices are the record.
 */
export const dunningInvoiceStates = pgTable(
  'dunning_invoice_states',
  {
    tenantId: tenantId(),
    invoiceId: uuid('invoice_id').notNull(),
    levelNo: integer('level_no').notNull(),
    offsetDays: integer('offset_days').notNull(),
    sentOn: businessDate('sent_on').notNull(),
    interestThrough: businessDate('interest_through'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.invoiceId] })],
);

export interface InterestDetail {
  exact: string;
  segments: {
    from: string;
    through: string;
    days: number;
    principal: string;
    ratePct: string;
    divisor: number;
  }[];
}
