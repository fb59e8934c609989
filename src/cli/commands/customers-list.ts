import { listCategories, listCustomers } from '../../modules/customers/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { table, toJson } from '../io.ts';
import { type CommandSpec, limitOption, stringOption } from './types.ts';

const PAGE = 500;

export const customersList: CommandSpec = {
  name: 'customers list',
  usage: 'cashloop customers list [--status active|inactive|blocked] [--limit N] [--json]',
  options: { status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const tenantId = runtime.tenant.tenantId;
    const limit = limitOption(values);
    const status = stringOption(values, 'status');
    const names = new Map(
      (await listCategories(runtime.deps.db, tenantId)).flatMap((c) => [
        [c.id, c.name] as const,
        ...c.subcategories.map((s) => [s.id, s.name] as const),
      ]),
    );
    const rows = [];
    let cursor: string | undefined;
    do {
      const want = limit === undefined ? PAGE : Math.min(PAGE, limit - rows.length);
      const page = await listCustomers(runtime.deps.db, tenantId, {
        limit: want,
        ...(status ? { status } : {}),
        ...(cursor ? { afterExternalId: cursor } : {}),
      });
      rows.push(...page.customers);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && (limit === undefined || rows.length < limit));
    const customers = rows.map((c) => ({
      externalId: c.externalId,
      name: c.name,
      legalName: c.legalName,
      country: c.country,
      currency: c.currency,
      language: c.language,
      paymentTerms: c.paymentTerms,
      creditLimit: c.creditLimitMinor === null ? null : formatAmount(c.creditLimitMinor, c.currency),
      category: c.categoryId ? (names.get(c.categoryId) ?? null) : null,
      subcategory: c.subcategoryId ? (names.get(c.subcategoryId) ?? null) : null,
      emails: c.emails,
      taxId: c.taxId,
      bankAccounts: c.bankAccounts,
      status: c.status,
    }));
    if (values.json) {
      io.stdout(toJson({ customers }));
      return 0;
    }
    io.stdout(
      table(
        ['EXTERNAL ID', 'NAME', 'COUNTRY', 'CUR', 'TERMS', 'CREDIT LIMIT', 'CATEGORY', 'STATUS'],
        customers.map((c) => [
          c.externalId,
          c.name,
          c.country ?? '',
          c.currency,
          c.paymentTerms,
          c.creditLimit ?? '',
          [c.category, c.subcategory].filter(Boolean).join(' / '),
          c.status,
        ]),
        [5],
      ),
    );
    io.stdout(`${customers.length} customer(s)\n`);
    return 0;
  },
};
