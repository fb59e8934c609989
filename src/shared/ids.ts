import { randomBytes } from 'node:crypto';

/**
 * New identifier: a UUID v7 (RFC 9562), so ids sort by creation time and list cursors follow
 * creation order. Within a process they are strictly increasing (RFC 9562 §6.2, method 2): an id
 * made in the same millisecond as the previous one, or after the clock stepped back, is the
 * previous one plus one in its low random bits. Rows inserted in one go (a statement's lines, a
 * billing run's invoices) keep the order they were made in, and `order by id` replays it.
 */
export function newId(): string {
  const now = Date.now();
  let bytes: Buffer;
  if (previous !== null && now <= previousMs) {
    bytes = Buffer.from(previous);
    for (let i = 15; i >= 9; i--) {
      bytes[i] = ((bytes[i] ?? 0) + 1) & 0xff;
      if (bytes[i] !== 0) break;
    }
  } else {
    bytes = randomChunk();
    let ms = now;
    for (let i = 5; i >= 0; i--) {
      bytes[i] = ms % 256;
      ms = Math.floor(ms / 256);
    }
    // Room to count up: the top bit of the low random bits starts clear.
    bytes[9] = (bytes[9] ?? 0) & 0x7f;
    previousMs = now;
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  previous = bytes;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let previous: Buffer | null = null;
let previousMs = -1;

// Random bytes are drawn 4 KiB at a time: one system call per 256 ids instead of one per id.
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = POOL_SIZE;

function randomChunk(): Buffer {
  if (poolOffset >= pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const chunk = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return chunk;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/**
 * The smallest UUID v7 of a moment: ids made by `newId` from then on sort at or above it, so a
 * primary-key range finds a table's recent rows (`uuidV7Floor(new Date(0))` is the smallest v7).
 */
export function uuidV7Floor(at: Date): string {
  const hex = Math.max(0, at.getTime()).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}
