/** The apikeys module's door: all that other modules, the adapters and the jobs may use of it. */

export type { ApiKeyPrincipal, Role } from './apikeys.service.ts';
export {
  apiKeyExists,
  authenticateApiKey,
  createApiKey,
  listApiKeys,
  ROLES,
  revokeApiKey,
  roleSchema,
} from './apikeys.service.ts';
