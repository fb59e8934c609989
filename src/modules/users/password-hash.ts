/**
 * Passwords hashed with scrypt (node:crypto), a memory-hard function: each guess costs an attacker
 * the same memory and time as it costs us. Parameters: N = 2^15, r = 8, p = 1, i.e. 128·N·r =
 * 32 MiB of memory and about 50–100 ms per hash on a server core (OWASP's minimum for scrypt is
 * N = 2^17 with r = 8, p = 1 — or N = 2^15 with more rounds; we take the memory-lean variant so
 * that a 2-CPU server stays responsive under a sign-in burst). 16-byte random salt, 32-byte key.
 *
 * The stored form carries its parameters — `scrypt$N=32768,r=8,p=1$<salt>$<key>` (base64url) —
 * so they can be raised later: old hashes still verify with their own parameters, and
 * `needsRehash` tells the sign-in to store a fresh hash with the current ones.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export const SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Above 128·N·r·p (Node refuses to allocate past `maxmem`, default 32 MiB). */
const maxmemFor = (params: ScryptParams) => 256 * params.N * params.r * params.p;

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: maxmemFor(params) };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** The encoded hash of `password` with a fresh random salt. */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface Decoded {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/** The parts of an encoded hash, or null when it is not one this module wrote. */
function decode(encoded: string): Decoded | null {
  const m = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(encoded);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!Number.isSafeInteger(N) || N < 2 || (N & (N - 1)) !== 0 || r < 1 || p < 1) return null;
  return {
    params: { N, r, p },
    salt: Buffer.from(m[4] ?? '', 'base64url'),
    key: Buffer.from(m[5] ?? '', 'base64url'),
  };
}

/**
 * True when `password` matches `encoded`; the comparison takes the same time wherever the keys
 * differ (timingSafeEqual). A malformed hash never matches.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const decoded = decode(encoded);
  if (!decoded || decoded.key.length === 0) return false;
  const key = await derive(password, decoded.salt, decoded.params, decoded.key.length);
  return timingSafeEqual(key, decoded.key);
}

/** True when `encoded` was written with weaker parameters than `params` (store a new hash). */
export function needsRehash(encoded: string, params: ScryptParams = SCRYPT_PARAMS): boolean {
  const decoded = decode(encoded);
  if (!decoded) return true;
  const { N, r, p } = decoded.params;
  return N < params.N || r < params.r || p < params.p;
}

let dummy: Promise<string> | null = null;

/**
 * Spend the time of one verification without a user (an unknown e-mail): the answer for an
 * unknown account then takes as long as a wrong password for a known one.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(password, await dummy);
  return false;
}

/** A random password people can type: 20 characters of base32 (100 bits), grouped by 5. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{5}/g)?.join('-') ?? chars;
}
