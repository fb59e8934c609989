import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LETTER_STATUSES } from './dunning.types.ts';
import { canMoveLetter } from './letters.service.ts';

describe('canMoveLetter', () => {
  it('follows planned → queued → sent or failed, failed → queued again; recorded and sent are final', () => {
    const allowed = LETTER_STATUSES.flatMap((from) =>
      LETTER_STATUSES.filter((to) => canMoveLetter(from, to)).map((to) => `${from}→${to}`),
    );
    assert.deepEqual(allowed.sort(), [
      'failed→failed',
      'failed→queued',
      'failed→sent',
      'planned→failed',
      'planned→queued',
      'planned→sent',
      'queued→failed',
      'queued→sent',
    ]);
  });
});
