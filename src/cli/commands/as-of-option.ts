import { isAcceptedDate, todayUtc } from '../../shared/calendar-date.ts';
import type { Clock } from '../../shared/clock.ts';
import { validationFailed } from '../../shared/errors.ts';
import { type CommandContext, stringOption } from './types.ts';

/** `--as-of YYYY-MM-DD`, default today. */
export function asOfOption(values: CommandContext['values'], clock: Clock): string {
  const asOf = stringOption(values, 'as-of') ?? todayUtc(clock.now());
  if (!isAcceptedDate(asOf))
    throw validationFailed(`--as-of must be a date YYYY-MM-DD, got "${asOf}"`, [
      { field: 'as-of', message: 'not a date' },
    ]);
  return asOf;
}
