/**
 * A seller (letterhead) with everything the four e-invoice formats ask of it: address and country,
 * VAT id, IBAN and BIC, contact, a Peppol electronic address (BT-34), and a registration (for `O`).
 */
export const EINVOICE_SELLER = {
  legalName: 'Nordlicht Software GmbH',
  address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
  country: 'DE',
  taxId: 'DE123456789',
  iban: 'DE89 3704 0044 0532 0130 00',
  bic: 'COBADEFFXXX',
  email: 'rechnung@nordlicht.example',
  phone: '+49 30 1234567',
  electronicAddress: '9930:DE123456789',
  registration: 'HRB 123456 B',
};
