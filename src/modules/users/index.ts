/** The users module's door: all that other modules, the adapters and the jobs may use of it. */

export { DEMO_USERS, ensureDemoUsers } from './demo-users.ts';
export { generatePassword } from './password-hash.ts';
export { SAVED_VIEW_PAGES, savedViewInput, savedViewPatch } from './saved-views.input.ts';
export {
  createSavedView,
  deleteSavedView,
  getSavedViewOrThrow,
  listSavedViews,
  type SavedView,
  updateSavedView,
  type ViewReader,
} from './saved-views.service.ts';
export {
  listUserSessions,
  revokeAllUserSessions,
  revokeUserSession,
  type SessionView,
  signOutOtherSessions,
} from './session-admin.service.ts';
export {
  authenticateSession,
  changePassword,
  csrfTokenMatches,
  type SessionDeps,
  signIn,
  signOut,
} from './sessions.service.ts';
export { DEFAULT_SESSION_POLICY, LOCKOUT, type SessionPolicy } from './sign-in-rules.ts';
export {
  changePasswordInput,
  createUserInput,
  passwordSchema,
  signInInput,
  updateUserInput,
} from './users.input.ts';
export {
  createUser,
  getUserByEmailOrThrow,
  getUserOrThrow,
  listActiveAdmins,
  listUsers,
  resetPassword,
  tenantHasUsers,
  type UsersDeps,
  updateUser,
} from './users.service.ts';
export type { SessionPrincipal, User } from './users.types.ts';
