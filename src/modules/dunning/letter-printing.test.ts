import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHANNELS, LETTER_STATUSES } from './dunning.types.ts';
import { printRefusal } from './letter-printing.ts';

describe('printRefusal', () => {
  it('lets only a planned letter of channel letter be recorded as printed and posted', () => {
    const allowed = CHANNELS.flatMap((channel) =>
      LETTER_STATUSES.filter((status) => printRefusal({ letterId: 'L1', channel, status }) === null).map(
        (status) => `${channel}/${status}`,
      ),
    );
    assert.deepEqual(allowed, ['letter/planned']);
  });

  it('says why, naming the channel or the earlier printing', () => {
    assert.match(printRefusal({ letterId: 'L1', channel: 'email', status: 'planned' }) ?? '', /by email/);
    assert.match(printRefusal({ letterId: 'L1', channel: 'none', status: 'recorded' }) ?? '', /"none"/);
    const again = printRefusal({
      letterId: 'L1',
      channel: 'letter',
      status: 'sent',
      printed: { at: new Date('2026-03-31T09:00:00Z') },
    });
    assert.match(again ?? '', /already \(2026-03-31T09:00:00\.000Z\)/);
  });
});
