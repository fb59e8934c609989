/** The shape of `customers.einvoice` (jsonb); the input schema is `einvoiceSettingsInput`. */

/** A customer's e-invoice settings (see docs/einvoice.md). */
export interface EinvoiceSettings {
  /** The format a request gets when it names none. */
  format?: 'ubl' | 'xrechnung-ubl' | 'cii' | 'xrechnung-cii' | 'facturx' | undefined;
  /** BT-10: the buyer's reference; for German public buyers the Leitweg-ID. */
  buyerReference?: string | undefined;
  /** BT-49 as "scheme:id" (Peppol participant id, e.g. "0088:4000001000005", or "EM:ap@example.com"). */
  electronicAddress?: string | undefined;
}
