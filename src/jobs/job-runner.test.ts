import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import { isRetryable } from './job-runner.ts';

describe('which failures are retried', () => {
  it('retries what a retry could fix: infrastructure, conflicts, a locked data directory', () => {
    assert.equal(isRetryable(new Error('connect ECONNREFUSED 127.0.0.1:25')), true);
    assert.equal(isRetryable(Object.assign(new Error('deadlock detected'), { code: '40P01' })), true);
    assert.equal(isRetryable(new AppError('conflict', 'a concurrent change conflicted')), true);
    assert.equal(isRetryable(new AppError('data_dir_locked', 'in use')), true);
    assert.equal(isRetryable('a thrown string'), true);
  });

  it('does not retry what fails the same way every time: domain errors and invalid input', () => {
    assert.equal(isRetryable(new AppError('validation_failed', 'no dunning policy')), false);
    assert.equal(isRetryable(new AppError('not_found', 'tenant x not found')), false);
    assert.equal(isRetryable(new AppError('invalid_state', 'invoice is void')), false);
    const zod = z.object({ a: z.string() }).safeParse({});
    assert.equal(isRetryable(zod.error), false);
  });
});
