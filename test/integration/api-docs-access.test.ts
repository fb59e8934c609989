/**
 * The role rules are written once: the roles section of docs/api.md is generated from the
 * declared table (modules/apikeys/access-rules.ts), and every row of the docs' route tables
 * names the level the app gives that route. Rewrite the generated section with
 * `UPDATE_ROUTE_SNAPSHOT=1 node --import tsx --test test/integration/api-docs-access.test.ts`.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { listRouteAccess } from '../../src/http/auth.ts';
import {
  ACCESS_RULES,
  GRANTED_LEVELS,
  grantsOf,
  PORTAL_ACCESS_RULE,
  ROLES,
} from '../../src/modules/apikeys/index.ts';
import { type ApiTestContext, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

const API_MD = fileURLToPath(new URL('../../docs/api.md', import.meta.url));
const DOCUMENTS_MD = fileURLToPath(new URL('../../docs/documents.md', import.meta.url));
const BEGIN = '<!-- role-rules:begin (generated from src/modules/apikeys/access-rules.ts) -->';
const END = '<!-- role-rules:end -->';

/** The roles section as markdown: who holds each level, what it covers, and why. */
function renderRoleRules(routes: { method: string; url: string; access: string }[]): string {
  const header = `| role | ${GRANTED_LEVELS.map((l) => `\`${l}\``).join(' | ')} |`;
  const rule = `| --- | ${GRANTED_LEVELS.map(() => ':-:').join(' | ')} |`;
  const rows = [...ROLES].reverse().map((role) => {
    const held = grantsOf(role);
    return `| \`${role}\` | ${GRANTED_LEVELS.map((l) => (held.includes(l) ? '✓' : '')).join(' | ')} |`;
  });
  const levels = GRANTED_LEVELS.map((level) => {
    const r = ACCESS_RULES[level];
    const count = routes.filter((x) => x.access === level).length;
    return `- **\`${level}\`** (${r.roles.map((x) => `\`${x}\``).join(', ')}; ${count} routes): ${r.covers}. *Why:* ${r.why}.`;
  });
  const portalCount = routes.filter((x) => x.access === 'portal').length;
  const portal = `- **\`portal\`** (no role, no API key: a customer's portal link; ${portalCount} routes): ${PORTAL_ACCESS_RULE.covers}. *Why:* ${PORTAL_ACCESS_RULE.why}.`;
  return [BEGIN, header, rule, ...rows, '', ...levels, portal, END].join('\n');
}

/** `GET /v1/customers/{id or externalId}?x=` and `GET /v1/customers/:id` → one key. */
function routeKey(method: string, path: string): string {
  const bare =
    path
      .split('?')[0]
      ?.replace(/\{[^}]*\}/g, '{}')
      .replace(/:[A-Za-z]+/g, '{}') ?? path;
  return `${method} ${bare}`;
}

/** Each `| METHOD | \`path\` | level | what |` row of a docs file. */
function documentedRoutes(file: string): { key: string; level: string; line: string }[] {
  const rows: { key: string; level: string; line: string }[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \| ([^|]+?) \|/.exec(line);
    if (!m?.[1] || !m[2] || !m[3]) continue;
    // The level leads the cell; a body-dependent rule may follow ("read; `markSent` write").
    const level = m[3].trim() === '–' ? 'public' : (/^[a-z_]+/.exec(m[3].trim())?.[0] ?? m[3].trim());
    rows.push({ key: routeKey(m[1], m[2]), level, line });
  }
  return rows;
}

describe(`docs/api.md states the role rules of the app (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  it('has the roles section generated from the declared table', () => {
    const text = readFileSync(API_MD, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    assert.ok(start >= 0 && end > start, `docs/api.md has the markers ${BEGIN} … ${END}`);
    const fresh = renderRoleRules(listRouteAccess(ctx.app));
    if (process.env.UPDATE_ROUTE_SNAPSHOT === '1')
      writeFileSync(API_MD, `${text.slice(0, start)}${fresh}${text.slice(end + END.length)}`);
    assert.equal(readFileSync(API_MD, 'utf8').slice(start, start + fresh.length), fresh);
  });

  it('names, in every row of the route tables, the level the app gives the route', () => {
    const app = new Map(listRouteAccess(ctx.app).map((r) => [routeKey(r.method, r.url), r.access] as const));
    const wrong: string[] = [];
    const rows = [...documentedRoutes(API_MD), ...documentedRoutes(DOCUMENTS_MD)];
    assert.ok(rows.length > 100, `route rows found: ${rows.length}`);
    for (const row of rows) {
      const level = app.get(row.key);
      if (level === undefined) wrong.push(`${row.key}: no such route in the app`);
      else if (level !== row.level) wrong.push(`${row.key}: docs say ${row.level}, the app ${level}`);
    }
    assert.deepEqual(wrong, []);
  });
});
