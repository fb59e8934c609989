/**
 * Secrets at rest: AES-256-GCM with a random 12-byte nonce per value, and the tenant and the
 * secret's purpose as additional authenticated data, so a ciphertext copied to another tenant or
 * another field does not open. The stored envelope names the key that sealed it, so keys rotate:
 *
 *     v1:<keyId>:<nonce, base64url>:<ciphertext and 16-byte tag, base64url>
 *
 * The key id is derived from the key itself (the first 12 base64url characters of a SHA-256 over
 * it), so nothing but the key has to be configured. Keys come from the environment only
 * (`CASHLOOP_SECRET_KEY`, `CASHLOOP_SECRET_KEY_PREVIOUS`, parsed in src/config.ts); no key is
 * ever generated or stored beside the data (docs/security.md).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError, invalidState } from './errors.ts';

export interface SecretKey {
  /** Names the key in an envelope; derived from the key, safe to print. */
  readonly id: string;
  readonly key: Buffer;
}

/** The key that seals, and the one before it (still opens what it sealed, until rotated). */
export interface SecretKeyring {
  readonly current: SecretKey;
  readonly previous: SecretKey | null;
}

/** Whose secret it is and what for: bound into the ciphertext as additional authenticated data. */
export interface SecretScope {
  readonly tenantId: string;
  /** e.g. `smtp.password`. */
  readonly purpose: string;
}

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A key from its base64 text (32 random bytes: `openssl rand -base64 32`). Throws a message that
 * never repeats the text.
 */
export function parseSecretKey(text: string): SecretKey {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed))
    throw new Error('must be 32 random bytes in base64 (make one with: openssl rand -base64 32)');
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32)
    throw new Error(
      `must be 32 bytes in base64, got ${key.length} bytes (make one with: openssl rand -base64 32)`,
    );
  const id = createHash('sha256')
    .update('cashloop-secret-key\0')
    .update(key)
    .digest('base64url')
    .slice(0, 12);
  return { id, key };
}

/** Storing a secret without a key: refused, never stored in clear. */
export function secretKeyMissing(what: string): AppError {
  return new AppError(
    'secret_key_missing',
    `${what} cannot be stored: no encryption key is configured; set CASHLOOP_SECRET_KEY (32 random bytes in base64, e.g. from: openssl rand -base64 32) and restart`,
  );
}

/** A stored secret that cannot be opened: unknown key, wrong key, tampered or moved. */
export class SecretOpenError extends Error {
  override readonly name = 'SecretOpenError';
}

const aadOf = (scope: SecretScope) => Buffer.from(`${VERSION}\0${scope.tenantId}\0${scope.purpose}`, 'utf8');

/** Seal `plaintext` with the current key. */
export function sealSecret(ring: SecretKeyring, scope: SecretScope, plaintext: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, nonce);
  cipher.setAAD(aadOf(scope));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, ring.current.id, nonce.toString('base64url'), body.toString('base64url')].join(':');
}

/** The id of the key an envelope was sealed with (null: not an envelope). */
export function secretKeyIdOf(envelope: string): string | null {
  const parts = envelope.split(':');
  return parts.length === 4 && parts[0] === VERSION ? (parts[1] ?? null) : null;
}

/** Open an envelope with whichever key of the ring sealed it; throws SecretOpenError otherwise. */
export function openSecret(ring: SecretKeyring, scope: SecretScope, envelope: string): string {
  const [version, keyId, nonceText, bodyText] = envelope.split(':');
  if (version !== VERSION || !keyId || !nonceText || bodyText === undefined)
    throw new SecretOpenError(`the stored ${scope.purpose} is not a sealed secret`);
  const key = [ring.current, ring.previous].find((k) => k?.id === keyId);
  if (!key)
    throw new SecretOpenError(
      `the stored ${scope.purpose} was sealed with key ${keyId}, which is neither CASHLOOP_SECRET_KEY nor CASHLOOP_SECRET_KEY_PREVIOUS`,
    );
  const nonce = Buffer.from(nonceText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES)
    throw new SecretOpenError(`the stored ${scope.purpose} is damaged`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, nonce);
    decipher.setAAD(aadOf(scope));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  } catch {
    throw new SecretOpenError(
      `the stored ${scope.purpose} does not open with key ${keyId}: changed, or copied from another tenant or field`,
    );
  }
}

/** Re-seal with the current key (a fresh nonce); the envelope as it is when already current. */
export function resealSecret(ring: SecretKeyring, scope: SecretScope, envelope: string): string {
  if (secretKeyIdOf(envelope) === ring.current.id) return envelope;
  return sealSecret(ring, scope, openSecret(ring, scope, envelope));
}

/**
 * `resealSecret` within `cashloop secrets rotate`: a secret that opens with neither key throws
 * `invalid_state` naming `owner` (`tenant …, webhook endpoint …`) and never the secret, so the
 * whole rotation rolls back.
 */
export function resealForRotation(
  ring: SecretKeyring,
  scope: SecretScope,
  envelope: string,
  owner: string,
): string {
  try {
    return resealSecret(ring, scope, envelope);
  } catch (error) {
    if (!(error instanceof SecretOpenError)) throw error;
    throw invalidState(`${owner}: ${error.message}; nothing was rotated`);
  }
}
