/** The creditor as a SEPA file names it: letterhead name and account, creditor id from the settings. */
import type { Queryable } from '../../db/client.ts';
import { validationFailed } from '../../shared/errors.ts';
import { getLetterhead, getTenantOrThrow } from '../tenants/index.ts';
import { getSepaSettings } from './mandates.service.ts';
import type { SepaCreditor } from './pain008.ts';
import { sepaText } from './sepa-text.ts';

/**
 * The tenant as creditor (collections) or debtor (refunds). Refuses, naming the setting, when the
 * letterhead has no IBAN, when a creditor id is needed and not set, or when the base currency is
 * not EUR (SEPA moves euros only; receipts would need an FX rate).
 */
export async function creditorOrThrow(
  q: Queryable,
  tenantId: string,
  needsCreditorId: boolean,
): Promise<SepaCreditor> {
  const tenant = await getTenantOrThrow(q, tenantId);
  if (tenant.baseCurrency !== 'EUR')
    throw validationFailed(`SEPA files are in EUR; this company's base currency is ${tenant.baseCurrency}`, [
      { field: 'baseCurrency', message: 'must be EUR for SEPA' },
    ]);
  const letterhead = await getLetterhead(q, tenantId);
  if (!letterhead.iban)
    throw validationFailed(
      'the company has no bank account: set the letterhead IBAN (PATCH /v1/tenant/letterhead)',
      [{ field: 'iban', message: 'letterhead IBAN not set' }],
    );
  const { creditorId } = await getSepaSettings(q, tenantId);
  if (needsCreditorId && !creditorId)
    throw validationFailed('no SEPA creditor identifier: set it first (PATCH /v1/sepa/settings)', [
      { field: 'creditorId', message: 'not set' },
    ]);
  return {
    name: sepaText(letterhead.legalName ?? letterhead.name, 70),
    iban: letterhead.iban,
    bic: letterhead.bic ?? null,
    creditorId: creditorId ?? '',
  };
}
