/** What an export file is made of: journal entries as stored, and the snapshot it was made with. */

export const EXPORT_FORMATS = ['csv', 'datev'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportLine {
  readonly lineNo: number;
  readonly accountCode: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly baseAmountMinor: bigint;
  readonly customerId: string | null;
  readonly invoiceId: string | null;
  readonly receiptId: string | null;
  readonly memo: string | null;
}

export interface ExportEntry {
  readonly entryId: string;
  readonly entryNo: bigint;
  readonly eventCode: string;
  readonly effectiveDate: string;
  readonly description: string;
  readonly reversesEntryId: string | null;
  readonly lines: readonly ExportLine[];
}

/** DATEV's header values that only the tenant's tax adviser knows (docs/erp.md). */
export interface DatevOptions {
  /** Beraternummer, 1001–9999999. */
  readonly consultantNumber: number;
  /** Mandantennummer, 1–99999. */
  readonly clientNumber: number;
  /** Sachkontenlänge, 4–8: G/L accounts have this many digits, debtor accounts one more. */
  readonly accountLength: number;
  /** First month of the fiscal year (1–12). */
  readonly fiscalYearStartMonth: number;
}

/**
 * Everything a file depends on besides the (immutable) entries, frozen when the batch is made:
 * a re-export renders the same bytes even after the mappings or a customer changed.
 */
export interface ExportSnapshot {
  readonly batchNo: number;
  readonly createdAt: string;
  readonly baseCurrency: string;
  readonly arAccount: string;
  /** cashloop account code → ERP account, for the accounts the batch's lines name. */
  readonly accounts: Readonly<Record<string, string>>;
  /** customer id → its reference (external id) and ERP debtor account ('' when none). */
  readonly customers: Readonly<Record<string, { readonly ref: string; readonly debtor: string }>>;
  /** invoice id → document number. */
  readonly documents: Readonly<Record<string, string>>;
  readonly datev: DatevOptions | null;
}
