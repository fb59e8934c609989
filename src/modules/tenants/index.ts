/** The tenants module's door: all that other modules, the adapters and the jobs may use of it. */

export type { LetterheadPatch } from './letterhead.input.ts';
export { bicSchema, electronicAddress, letterheadPatch } from './letterhead.input.ts';
export type { Letterhead, LetterheadWarning } from './letterhead.service.ts';
export {
  getLetterhead,
  getLetterheadVersion,
  letterheadGaps,
  updateLetterhead,
  updateLetterheadInTx,
} from './letterhead.service.ts';
export type { Tenant } from './tenants.service.ts';
export { ensureDefaultTenant, getTenantOrThrow, listTenants } from './tenants.service.ts';
