/** The users module's records. A user acts with one of the five roles of the apikeys module. */
import type { Role } from '../apikeys/index.ts';

/** A user as the API and the CLI show them (never the password hash). */
export interface User {
  readonly tenantId: string;
  readonly userId: string;
  /** As typed at creation; sign-in matches it case-insensitively (and IDN domains by A-label). */
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  /** Set for generated passwords (creation without one, admin reset): change it before working. */
  readonly mustChangePassword: boolean;
  readonly disabled: boolean;
  /** Set while the user is locked out after failed sign-ins. */
  readonly lockedUntil: Date | null;
  readonly createdAt: Date;
}

/** A user with what only the module sees: the hash and the failure count. */
export interface StoredUser extends User {
  readonly passwordHash: string;
  readonly failedSignIns: number;
}

export interface SessionRecord {
  readonly tenantId: string;
  readonly sessionId: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** Who a valid session cookie speaks for. */
export interface SessionPrincipal {
  readonly user: User;
  readonly sessionId: string;
  /** When the session ends unless used again (idle) — never after its absolute end. */
  readonly expiresAt: Date;
  /** The CSRF token that write requests under this session must send (X-CSRF-Token). */
  readonly csrfToken: string;
}

/** Where a sign-in came from (kept with the session). */
export interface SignInOrigin {
  readonly ip: string | null;
  readonly userAgent: string | null;
}
