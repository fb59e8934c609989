import { readFile } from 'node:fs/promises';
import { validationFailed } from '../../shared/errors.ts';

/** A JSON file a command takes (an alert rule, a goal), parsed; unreadable or not JSON: a validation error on FILE. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw validationFailed(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, [
      { field: 'FILE', message: 'unreadable' },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw validationFailed(`${path} is not JSON: ${(error as Error).message}`, [
      { field: 'FILE', message: 'not JSON' },
    ]);
  }
}
