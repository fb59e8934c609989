/**
 * The journal's watermark without a lock on the journal: the highest entry number below which no
 * posting is in flight, so every entry numbered up to it has committed (or never will: a rolled-back
 * posting leaves a hole nothing fills) and every entry posted later gets a higher number.
 *
 * How: `entry_no` comes from one sequence. Before it inserts entries, a posting takes a *shared*
 * advisory lock (class `POSTING_LOCK_CLASS`) keyed by the last number the sequence drew at that
 * moment — every number it then draws is above that key — held until it commits or rolls back.
 * Shared advisory locks never wait for one another and nothing takes this one exclusively, so
 * postings never wait for it. A reader reads the last number drawn first, then the keys of the
 * postings in flight (`pg_locks`, which waits for no one), and takes the lowest of them
 * (`watermarkOf`). A posting that marks itself after the reader's look at `pg_locks` draws its
 * numbers after the reader read the sequence, so above the watermark. Read the
 * entries up to the watermark in a later statement (it then sees every one that committed).
 */

/** The advisory lock class (first int4 key) of postings in flight: 'je'. */
export const POSTING_LOCK_CLASS = 0x6a65;

const KEY_SPACE = 1n << 32n;

/**
 * The watermark from the last number the sequence drew (0: none yet) and the keys of the postings
 * in flight (the low 32 bits of the last number drawn when each marked itself, as `pg_locks.objid`;
 * each at most `lastDrawn` and less than 2^32 below it): every number a posting in flight draws is
 * above its key. `watermarkOf(120n, [])` → `120n`; `watermarkOf(120n, [117n, 119n])` → `117n`.
 */
export function watermarkOf(lastDrawn: bigint, keys: readonly bigint[]): bigint {
  let watermark = lastDrawn;
  for (const key of keys) {
    const seen = lastDrawn - ((((lastDrawn - key) % KEY_SPACE) + KEY_SPACE) % KEY_SPACE);
    if (seen < watermark) watermark = seen;
  }
  return watermark;
}
