/**
 * Letters on paper (pure): a letter of channel `letter` is recorded `planned` by its run and
 * waits to be printed; printing and posting it moves it to `sent`, once. Letters of the other
 * channels are never recorded as posted (email ones follow their message, `none` ones are only
 * recorded), though every letter has a PDF.
 */
import type { Channel, LetterStatus } from './dunning.types.ts';

export interface PrintableLetter {
  readonly letterId: string;
  readonly channel: Channel;
  readonly status: LetterStatus;
  readonly printed?: { readonly at: Date } | null;
}

/** Why `letter` cannot be recorded as printed and posted, or null when it can. */
export function printRefusal(letter: PrintableLetter): string | null {
  if (letter.channel !== 'letter')
    return letter.channel === 'email'
      ? `letter ${letter.letterId} goes out by email (its status follows its message): only letters of channel "letter" are printed and posted`
      : `letter ${letter.letterId} is of channel "none" (recorded, never delivered): only letters of channel "letter" are printed and posted`;
  if (letter.status === 'planned') return null;
  if (letter.status === 'sent' && letter.printed)
    return `letter ${letter.letterId} was recorded as printed and posted already (${letter.printed.at.toISOString()})`;
  return `letter ${letter.letterId} is ${letter.status}: only a planned letter can be recorded as printed and posted`;
}
