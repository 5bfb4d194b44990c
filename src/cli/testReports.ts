import { renameSync, writeFileSync } from 'node:fs';
import { InputError } from '../core/errors';

/** Writes a whole file or nothing: a temp file renamed over the target. */
export function writeWhole(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    throw new InputError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
