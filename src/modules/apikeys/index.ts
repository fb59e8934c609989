/** The apikeys module's door: all that other modules, the adapters and the jobs may use of it. */

export {
  ACCESS_LEVELS,
  ACCESS_RULES,
  type Access,
  type AccessRule,
  GRANTED_LEVELS,
  type GrantedAccess,
  grantedLevelSchema,
  grantsInclude,
  grantsOf,
  grantsWithin,
  PORTAL_ACCESS_RULE,
  refusalOf,
} from './access-rules.ts';
export { type CreateApiKeyInput, createApiKeyInput } from './apikeys.input.ts';
export type { ApiKeyPrincipal } from './apikeys.service.ts';
export {
  apiKeyExists,
  authenticateApiKey,
  createApiKey,
  createScopedApiKey,
  listApiKeys,
  revokeApiKey,
} from './apikeys.service.ts';
export { ROLES, type Role, roleSchema } from './roles.ts';
