/**
 * DATEV-Format "Buchungsstapel" (EXTF, version 700, data category 21, format version 13), as
 * DATEV documents it at https://developer.datev.de/datev/platform/de/dtvf/formate/buchungsstapel:
 * line 1 the header (31 fields), line 2 the 125 column names, then one line per booking.
 * Semicolon-separated, text in double quotes, numbers bare with a decimal comma, CRLF, encoded
 * in Windows-1252. docs/erp.md lists the fields cashloop fills.
 */
import { formatAmount } from '../../shared/money.ts';
import type { DatevBooking } from './datev-bookings.ts';
import type { DatevOptions } from './export.types.ts';
import { toWindows1252 } from './windows-1252.ts';

const pairs = (art: string, inhalt: string, n: number) =>
  Array.from({ length: n }, (_, i) => [`${art} ${i + 1}`, `${inhalt} ${i + 1}`]).flat();

/** The 125 column names of a Buchungsstapel, in DATEV's order. */
export const DATEV_COLUMNS: readonly string[] = [
  'Umsatz (ohne Soll/Haben-Kz)',
  'Soll/Haben-Kennzeichen',
  'WKZ Umsatz',
  'Kurs',
  'Basis-Umsatz',
  'WKZ Basis-Umsatz',
  'Konto',
  'Gegenkonto (ohne BU-Schlüssel)',
  'BU-Schlüssel',
  'Belegdatum',
  'Belegfeld 1',
  'Belegfeld 2',
  'Skonto',
  'Buchungstext',
  'Postensperre',
  'Diverse Adressnummer',
  'Geschäftspartnerbank',
  'Sachverhalt',
  'Zinssperre',
  'Beleglink',
  ...pairs('Beleginfo - Art', 'Beleginfo - Inhalt', 8),
  'KOST1 - Kostenstelle',
  'KOST2 - Kostenstelle',
  'Kost-Menge',
  'EU-Land u. UStID (Bestimmung)',
  'EU-Steuersatz (Bestimmung)',
  'Abw. Versteuerungsart',
  'Sachverhalt L+L',
  'Funktionsergänzung L+L',
  'BU 49 Hauptfunktionstyp',
  'BU 49 Hauptfunktionsnummer',
  'BU 49 Funktionsergänzung',
  ...pairs('Zusatzinformation - Art', 'Zusatzinformation- Inhalt', 20),
  'Stück',
  'Gewicht',
  'Zahlweise',
  'Forderungsart',
  'Veranlagungsjahr',
  'Zugeordnete Fälligkeit',
  'Skontotyp',
  'Auftragsnummer',
  'Buchungstyp',
  'USt-Schlüssel (Anzahlungen)',
  'EU-Land (Anzahlungen)',
  'Sachverhalt L+L (Anzahlungen)',
  'EU-Steuersatz (Anzahlungen)',
  'Erlöskonto (Anzahlungen)',
  'Herkunft-Kz',
  'Buchungs GUID',
  'KOST-Datum',
  'SEPA-Mandatsreferenz',
  'Skontosperre',
  'Gesellschaftername',
  'Beteiligtennummer',
  'Identifikationsnummer',
  'Zeichnernummer',
  'Postensperre bis',
  'Bezeichnung SoBil-Sachverhalt',
  'Kennzeichen SoBil-Buchung',
  'Festschreibung',
  'Leistungsdatum',
  'Datum Zuord. Steuerperiode',
  'Fälligkeit',
  'Generalumkehr (GU)',
  'Steuersatz',
  'Land',
  'Abrechnungsreferenz',
  'BVV-Position',
  'EU-Land u. UStID (Ursprung)',
  'EU-Steuersatz (Ursprung)',
  'Abw. Skontokonto',
];

/** A field: text quoted (quotes doubled), numbers bare. */
type Field = { readonly text: string } | { readonly number: string } | null;
const t = (text: string): Field => ({ text });
const n = (number: string | number): Field => ({ number: String(number) });

function line(fields: readonly Field[]): string {
  return fields
    .map((f) => (f === null ? '' : 'text' in f ? `"${f.text.replaceAll('"', '""')}"` : f.number))
    .join(';');
}

const compact = (date: string) => date.replaceAll('-', '');

export interface DatevHeaderInput {
  readonly options: DatevOptions;
  /** When the batch was made (ISO instant, UTC). */
  readonly createdAt: string;
  readonly fiscalYearStart: string;
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly currency: string;
}

/** The 31 header fields (Vorlaufsatz). */
export function datevHeaderFields(h: DatevHeaderInput): Field[] {
  const stamp = h.createdAt
    .replace(/[-:TZ.]/g, '')
    .slice(0, 17)
    .padEnd(17, '0');
  return [
    t('EXTF'),
    n(700),
    n(21),
    t('Buchungsstapel'),
    n(13),
    n(stamp),
    null,
    t('RE'),
    t('cashloop'),
    t(''),
    n(h.options.consultantNumber),
    n(h.options.clientNumber),
    n(compact(h.fiscalYearStart)),
    n(h.options.accountLength),
    n(compact(h.from)),
    n(compact(h.to)),
    t(h.label.slice(0, 30)),
    t(''),
    n(1),
    n(0),
    n(0),
    t(h.currency),
    null,
    t(''),
    null,
    null,
    t(''),
    null,
    null,
    t(''),
    t(''),
  ];
}

/** Belegfeld 1: at most 36 of the characters DATEV allows (`0-9 A-Z a-z $ % & * + - /`). */
export function documentField(number: string): string {
  return number.replace(/[^0-9A-Za-z$%&*+\-/]/g, '').slice(0, 36);
}

function bookingFields(b: DatevBooking, currency: string): Field[] {
  const fields: Field[] = new Array(DATEV_COLUMNS.length).fill(null);
  const [, month, day] = b.effectiveDate.split('-');
  fields[0] = n(formatAmount(b.amountMinor, currency).replace('.', ','));
  fields[1] = t('S');
  fields[2] = t(currency);
  fields[6] = n(b.debitAccount);
  fields[7] = n(b.creditAccount);
  fields[9] = n(`${day}${month}`);
  fields[10] = t(documentField(b.documentNo));
  fields[13] = t(b.text.replace(/[\r\n]+/g, ' ').slice(0, 60));
  return fields;
}

/** The whole file, as Windows-1252 bytes. */
export function renderDatev(h: DatevHeaderInput, bookings: readonly DatevBooking[]): Buffer {
  const lines = [
    line(datevHeaderFields(h)),
    DATEV_COLUMNS.join(';'),
    ...bookings.map((b) => line(bookingFields(b, h.currency))),
  ];
  return toWindows1252(`${lines.join('\r\n')}\r\n`);
}
