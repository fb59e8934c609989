/**
 * The demo company itself, as its documents show it: a Hamburg supplier of office and workplace
 * equipment with everything a German invoice must carry — legal name, full postal address, VAT ID
 * (DE + eight digits + its ISO 7064 MOD 11,10 check digit), register entry and managing directors,
 * bank (IBAN with valid check digits: the example account of the IBAN standard's documentation,
 * at Commerzbank), email and phone. Contact domains are `.example` (RFC 2606): nothing reaches
 * anyone real.
 */
import type { LetterheadPatch } from '../tenants/index.ts';

export const DEMO_COMPANY = {
  name: 'Nordwind Bürosysteme',
  legalName: 'Nordwind Bürosysteme GmbH',
  address: { street: 'Großer Burstah 31', postalCode: '20457', city: 'Hamburg', country: 'DE' },
  country: 'DE',
  taxId: 'DE315480299',
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  bankName: 'Commerzbank',
  email: 'buchhaltung@nordwind-buerosysteme.example',
  phone: '+49 40 3259 6710',
  website: 'www.nordwind-buerosysteme.example',
  registration: 'Amtsgericht Hamburg HRB 148213 · Geschäftsführer: Katrin Albers, Jonas Petersen',
  footer: null,
} as const satisfies LetterheadPatch;
