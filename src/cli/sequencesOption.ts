import type { SequenceSetting } from '../engines/local/sequenceCount';
import { stringOption, UsageError, type ParsedArgs } from './args';

/** `--NAME N|auto`: a local engine's context sequences (runs at once), checked before any model loads. */
export function sequencesOption(args: ParsedArgs, name: string): SequenceSetting | undefined {
  const text = stringOption(args, name);
  if (text === undefined || text === 'auto') return text;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new UsageError(`--${name} must be an integer ≥ 1 or "auto" (got "${text}")`);
  return value;
}
