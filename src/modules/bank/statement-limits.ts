/**
 * The limits of input applied to every parsed bank statement, whatever its format: each amount
 * within MAX_AMOUNT_MINOR, each date within the accepted range, no NUL character in any text.
 * A file that breaks one is refused as a whole, naming the line and the field.
 */
import { ACCEPTED_DATE_MESSAGE, isAcceptedDate } from '../../shared/calendar-date.ts';
import { AppError, type ErrorDetail } from '../../shared/errors.ts';
import { isWithinAmountLimit, maxAmountText } from '../../shared/money.ts';
import type { Balance, ParsedEntry, ParsedFile, ParsedStatement } from './statement.ts';

/** Throws `import_rejected` with one `{ line, field, message }` per problem; returns `file` otherwise. */
export function assertStatementLimits(file: ParsedFile): ParsedFile {
  const problems = file.statements.flatMap(statementProblems);
  if (problems.length === 0) return file;
  const first = problems[0];
  const where = first?.line !== undefined ? `line ${first.line}: ` : '';
  throw new AppError('import_rejected', `${where}${first?.field}: ${first?.message}`, problems);
}

function statementProblems(statement: ParsedStatement): ErrorDetail[] {
  const line = statement.entries[0]?.line;
  return [
    ...balanceProblems(statement.openingBalance, 'openingBalance', line),
    ...balanceProblems(statement.closingBalance, 'closingBalance', line),
    ...statement.entries.flatMap(entryProblems),
  ];
}

function balanceProblems(balance: Balance | null, field: string, line: number | undefined): ErrorDetail[] {
  if (!balance) return [];
  const at = line !== undefined ? { line } : {};
  const problems: ErrorDetail[] = [];
  if (!isWithinAmountLimit(balance.amountMinor))
    problems.push({ ...at, field, message: amountMessage(balance.currency) });
  if (balance.date !== null && !isAcceptedDate(balance.date))
    problems.push({ ...at, field: `${field}.date`, message: ACCEPTED_DATE_MESSAGE });
  return problems;
}

function entryProblems(entry: ParsedEntry): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const at = { line: entry.line };
  if (!isWithinAmountLimit(entry.amountMinor))
    problems.push({ ...at, field: 'amount', message: amountMessage(entry.currency) });
  if (!isAcceptedDate(entry.bookingDate))
    problems.push({ ...at, field: 'bookingDate', message: ACCEPTED_DATE_MESSAGE });
  if (entry.valueDate !== null && !isAcceptedDate(entry.valueDate))
    problems.push({ ...at, field: 'valueDate', message: ACCEPTED_DATE_MESSAGE });
  for (const [field, text] of entryTexts(entry))
    if (text?.includes('\u0000'))
      problems.push({ ...at, field, message: 'must not contain a NUL character' });
  return problems;
}

function entryTexts(entry: ParsedEntry): [string, string | null][] {
  return [
    ['bankReference', entry.bankReference],
    ['transactionCode', entry.transactionCode],
    ['counterparty.name', entry.counterparty.name],
    ['counterparty.iban', entry.counterparty.iban],
    ['counterparty.accountNumber', entry.counterparty.accountNumber],
    ['counterparty.bic', entry.counterparty.bic],
    ['ultimateParty', entry.ultimateParty],
    ['endToEndId', entry.endToEndId],
    ...entry.remittance.map((r, i): [string, string] => [`remittance[${i}]`, r]),
    ...entry.structuredReferences.map((r, i): [string, string] => [`structuredReferences[${i}]`, r]),
  ];
}

function amountMessage(currency: string): string {
  return `amount exceeds the maximum of ${maxAmountText(currency)} ${currency}`;
}
