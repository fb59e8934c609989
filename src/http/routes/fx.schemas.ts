/** The JSON of /v1/fx: exchange rates, their import, the rate in force. */
import { z } from 'zod';
import { RATE_FILE_FORMATS } from '../../modules/fx/index.ts';

export const rateQuoteSchema = z
  .object({
    rateDate: z.string().describe('YYYY-MM-DD'),
    reference: z.string().describe('one unit of this currency…'),
    currency: z.string().describe('…buys `rate` units of this one'),
    rate: z.string().describe('exact decimal, as published'),
    source: z.string().describe('`ecb`, `csv` or what the import named'),
  })
  .meta({ id: 'ExchangeRate' });

export const rateImportResult = z
  .object({
    format: z.enum(RATE_FILE_FORMATS),
    quotes: z.number().int().describe('rates read from the file'),
    inserted: z.number().int(),
    changed: z.number().int().describe('a stored day and currency whose rate the file changed'),
    unchanged: z.number().int(),
    firstDate: z.string(),
    lastDate: z.string(),
    currencies: z.array(z.string()),
  })
  .meta({ id: 'ExchangeRateImport' });

export const rateInForceSchema = z
  .object({
    currency: z.string(),
    baseCurrency: z.string(),
    date: z.string().describe('the day asked for'),
    rate: z.string().describe('base currency per unit of `currency`, 10 decimals'),
    rateDate: z.string().describe('the day of the (older) quote it comes from'),
    via: z.string().describe('`direct`, or the currency both were quoted against (`EUR`)'),
    source: z.string(),
    stale: z
      .boolean()
      .describe('older than 10 days on `date`: a document without a given rate does not take it'),
  })
  .meta({ id: 'ExchangeRateInForce' });
