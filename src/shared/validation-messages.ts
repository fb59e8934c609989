/**
 * Zod's messages for the two refusals a form meets most, in the words shown next to a field: a
 * value left out is "required" (not "Invalid input: expected string, received undefined"), a text
 * left empty where one character is the least "must not be empty" (not "Too small: expected string
 * to have >=1 characters"). Messages a schema gives itself come first; every other refusal keeps
 * Zod's. Global to the process (Zod's `config`): the API and the CLI set it at start.
 */
import { z } from 'zod';

type Issue = Parameters<NonNullable<z.core.$ZodConfig['customError']>>[0];

/** The plain message of `issue`, or undefined for Zod's own. */
export function plainValidationMessage(issue: Issue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1)
    return 'must not be empty';
  return undefined;
}

export function applyPlainValidationMessages(): void {
  z.config({ customError: plainValidationMessage });
}
