/** /v1/customers and /v1/categories: customer master data and the receivable category tree. */

import { z } from 'zod';
import { assertLimitChangeGuardedElsewhere, bankDetailsChange } from '../../modules/approvals/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  customerListQuery,
  getCustomerAccount,
  listCustomerAccounts,
} from '../../modules/customer-accounts/index.ts';
import {
  categoryInput,
  createCategory,
  createCustomer,
  customerInput,
  customerPatch,
  getCustomer,
  getCustomerRowOrThrow,
  listCategories,
} from '../../modules/customers/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { notFound } from '../../shared/errors.ts';
import { principalOf } from '../auth.ts';
import { respond, respondWithStatusInTransaction } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { approvalPending, gatedAnswer } from './approval-gate.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { creditFieldGuard } from './credit.routes.ts';
import {
  categorySchema,
  customerJson,
  customerListItemJson,
  customerListItemSchema,
  customerSchema,
} from './customers.schemas.ts';

const tags = ['customers'];

const listQuery = z.object({ ...pageQuery, ...customerListQuery.shape });

/** Registers each route of the module (one small function per route, below). */
export function customerRoutes(app: Api, deps: CoreDeps): void {
  listCustomersRoute(app, deps);
  getCustomerRoute(app, deps);
  getCustomerSummaryRoute(app, deps);
  createCustomerRoute(app, deps);
  updateCustomerRoute(app, deps);
}

function listCustomersRoute(app: Api, deps: CoreDeps): void {
  app.get('/customers', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listCustomers',
      summary: 'List customers with their balances',
      description:
        "One row per customer with what a list shows: open and overdue amounts per currency (from the open invoices, overdue = due before today), credit limit, active credit hold, dunning level (the highest level sent on an open invoice) and collector. Search (`search`) and filters combine; `sort` by name, externalId (default), openBalance, overdueBalance (both in the customer's own currency) or oldestOverdueDays, `order` asc or desc; ties by id. Cursor-paginated: a cursor is valid only with the sort and order that produced it. The full customer (contacts, addresses, bank accounts): GET /v1/customers/{id}.",
      querystring: listQuery,
      response: { 200: pageOf(customerListItemSchema), ...errors },
    },
    handler: async (req) => {
      const { limit, cursor, ...query } = req.query;
      const after = decodeCursor(cursor, 'text');
      const page = await listCustomerAccounts(deps.db, principalOf(req).tenantId, {
        ...query,
        asOf: todayUtc(deps.clock.now()),
        limit,
        ...(after !== undefined ? { after } : {}),
      });
      return { items: page.accounts.map(customerListItemJson), nextCursor: encodeCursor(page.nextCursor) };
    },
  });
}

function getCustomerRoute(app: Api, deps: CoreDeps): void {
  app.get('/customers/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getCustomer',
      summary: 'Get a customer by id or external id',
      params: idParam('customer id (UUID) or external id'),
      response: { 200: customerSchema, ...errors },
    },
    handler: async (req) =>
      customerJson(await getCustomer(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

function getCustomerSummaryRoute(app: Api, deps: CoreDeps): void {
  app.get('/customers/:id/summary', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getCustomerSummary',
      summary: "A customer's row of the list: balances per currency, limit, hold, dunning level, collector",
      description:
        'The same figures as the customer list (GET /v1/customers), for one customer, as of today.',
      params: idParam('customer id (UUID) or external id'),
      response: { 200: customerListItemSchema, ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      const row = await getCustomerRowOrThrow(deps.db, tenantId, req.params.id);
      const account = await getCustomerAccount(deps.db, tenantId, row.customerId, todayUtc(deps.clock.now()));
      if (!account) throw notFound('customer', req.params.id);
      return customerListItemJson(account);
    },
  });
}

function createCustomerRoute(app: Api, deps: CoreDeps): void {
  app.post('/customers', {
    config: { access: 'write' },
    // A credit limit is a credit decision (credit_manager, admin) when it is first set, too.
    preValidation: creditFieldGuard('creditLimit'),
    schema: {
      tags,
      operationId: 'createCustomer',
      summary: 'Create a customer',
      description:
        'A second customer with the same externalId is a 409 conflict. Setting `creditLimit` needs a credit_manager or admin key (403 otherwise, before the body is validated).',
      headers: idempotencyHeaders,
      body: customerInput,
      response: { 201: customerSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) =>
        customerJson(await createCustomer(d.db, principalOf(req).tenantId, req.body)),
      ),
  });
}

function updateCustomerRoute(app: Api, deps: CoreDeps): void {
  app.patch('/customers/:id', {
    config: { access: 'write' },
    // Changing a credit limit is a credit decision (credit_manager, admin); so is removing one.
    preValidation: creditFieldGuard('creditLimit'),
    schema: {
      tags,
      operationId: 'updateCustomer',
      summary: 'Change some fields of a customer',
      description:
        'Only the fields sent change; `null` clears legalName or creditLimit. Changing `creditLimit` needs a credit_manager or admin key (POST /v1/credit/customers/{id}/limit logs it too).',
      params: idParam('customer id (UUID) or external id'),
      body: customerPatch,
      response: { 200: customerSchema, ...approvalPending, ...errors },
    },
    handler: (req, reply) =>
      respondWithStatusInTransaction(req, reply, deps, async (tx) => {
        const { tenantId } = principalOf(req);
        if (req.body.creditLimit !== undefined) await assertLimitChangeGuardedElsewhere(tx, tenantId);
        const request = { customer: req.params.id, input: req.body };
        return gatedAnswer(tx, deps, tenantId, bankDetailsChange, request, 200, async (r) =>
          customerJson(await getCustomer(tx, tenantId, r.customerId)),
        );
      }),
  });
}

/** Registers each route of the receivable category tree (one small function per route, below). */
export function categoryRoutes(app: Api, deps: CoreDeps): void {
  listCategoriesRoute(app, deps);
  createCategoryRoute(app, deps);
}

function listCategoriesRoute(app: Api, deps: CoreDeps): void {
  app.get('/categories', {
    config: { access: 'read' },
    schema: {
      tags: ['categories'],
      operationId: 'listCategories',
      summary: 'The receivable category tree',
      description: 'Top-level categories with their subcategories, by name. Not paginated (a small tree).',
      response: { 200: z.object({ items: z.array(categorySchema) }), ...errors },
    },
    handler: async (req) => ({ items: await listCategories(deps.db, principalOf(req).tenantId) }),
  });
}

function createCategoryRoute(app: Api, deps: CoreDeps): void {
  app.post('/categories', {
    config: { access: 'write' },
    schema: {
      tags: ['categories'],
      operationId: 'createCategory',
      summary: 'Create a category, or a subcategory under `parent`',
      description: 'Creating a name that exists returns the existing one (categories are keyed by name).',
      headers: idempotencyHeaders,
      body: categoryInput,
      response: {
        201: z.object({ id: z.string(), name: z.string(), parent: z.string().nullable() }),
        ...errors,
      },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) => {
        const c = await createCategory(d.db, principalOf(req).tenantId, req.body.name, req.body.parent);
        return { id: c.categoryId, name: c.name, parent: c.parent };
      }),
  });
}
