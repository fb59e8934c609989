/** Zod schema of a letterhead change (API and CLI): every field optional, `null` clears one. */
import { z } from 'zod';
import { emailAddress } from '../../shared/email.ts';
import { ibanSchema } from '../../shared/iban.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => text(max).nullable().optional();

/** BIC (ISO 9362): 4 letters bank, 2 letters country, 2 location, optional 3 branch. */
export const bicSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .refine((s) => /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(s), 'not a BIC (8 or 11 characters)');

/**
 * An electronic address for e-invoices (EN 16931 BT-34/BT-49) as "scheme:id": the scheme an EAS
 * code (4 digits, or EM for e-mail), as Peppol participant ids are written ("0088:4000001000005").
 */
export const electronicAddress = z
  .string()
  .trim()
  .max(200)
  .regex(
    /^(\d{4}|EM):\S.*$/,
    'an electronic address is "scheme:id" with an EAS scheme, e.g. 0088:4000001000005 or EM:ap@example.com',
  );

export const letterheadPatch = z
  .object({
    name: text(200).optional(),
    legalName: optionalText(300),
    address: z
      .record(z.string().min(1).max(40), z.string().max(200))
      .refine((a) => Object.keys(a).length <= 10, 'at most 10 address fields')
      .nullable()
      .optional()
      .describe('e.g. {"street": "Hauptstraße 1", "postalCode": "10115", "city": "Berlin", "country": "DE"}'),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'ISO 3166 two-letter country code')
      .transform((s) => s.toUpperCase())
      .nullable()
      .optional(),
    taxId: optionalText(50),
    iban: ibanSchema.nullable().optional(),
    bic: bicSchema.nullable().optional(),
    bankName: optionalText(200),
    email: emailAddress().max(200).nullable().optional(),
    phone: optionalText(50),
    website: optionalText(200),
    registration: optionalText(500).describe('register court and number, directors: printed in the footer'),
    footer: optionalText(1000).describe('free text at the foot of every page'),
    electronicAddress: electronicAddress
      .nullable()
      .optional()
      .describe(
        'e-invoices: the seller\'s electronic address (BT-34) as "scheme:id", e.g. "0088:4000001000005"; default: "EM:" and the e-mail',
      ),
  })
  .strict();
export type LetterheadPatch = z.infer<typeof letterheadPatch>;
