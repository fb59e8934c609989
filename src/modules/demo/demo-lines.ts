/** Invoice lines for the demo company: products and services at plausible prices and VAT rates. */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { Random } from '../../shared/random.ts';
import type { CreateInvoiceInput } from '../invoices/index.ts';
import { PRODUCTS, type Product } from './demo-catalog.ts';
import type { DemoCustomer } from './demo-customers.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type DemoLine = CreateInvoiceInput['lines'][number];

/** 1–5 lines (mostly 1–2), at the customer's country VAT rates; a few carry a line discount. */
export function planInvoiceLines(rng: Random, customer: DemoCustomer, issueDate: CalendarDate): DemoLine[] {
  const count = rng.weighted([
    [1, 40],
    [2, 25],
    [3, 15],
    [4, 12],
    [5, 8],
  ] as const);
  const products = rng.shuffle(PRODUCTS).slice(0, count);
  return products.map((p) => line(rng, customer, p, issueDate));
}

function line(rng: Random, customer: DemoCustomer, product: Product, issueDate: CalendarDate): DemoLine {
  const wholesale = customer.category === 'Wholesale' ? 3 : 1;
  const quantity =
    product.unit === 'h'
      ? String(rng.int(product.qty[0] * 2, product.qty[1] * 2) / 2)
      : String(rng.int(product.qty[0], product.qty[1] * (product.unit === 'pc' ? wholesale : 1)));
  const cents = rng.pick(['00', '00', '50', '90', '95', '99']);
  const description =
    product.unit === 'mo'
      ? `${product.name}, ${MONTHS[Number(issueDate.slice(5, 7)) - 1]} ${issueDate.slice(0, 4)}`
      : product.name;
  return {
    description,
    quantity,
    unitPrice: `${rng.int(product.price[0], product.price[1])}.${cents}`,
    taxRate: product.reduced ? customer.country.taxReduced : customer.country.taxStandard,
    ...(rng.chance(0.12) ? { discountPct: rng.pick(['2', '3', '5', '10', '15']) } : {}),
  };
}
