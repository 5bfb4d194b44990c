/*
 * A stored last run's `expectedCheck`, read from the document's JSON (a cache the user may have
 * edited by hand): shown only when it has the payload's shape. No DOM: unit-tested.
 */
import type { ExpectedCheckPayload } from '../src/shared/playgroundProtocol';

export function storedExpectedCheck(value: unknown): ExpectedCheckPayload | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const c = value as Record<string, unknown>;
  const { pass, errorType, message, mode } = c;
  if (typeof pass !== 'boolean' || (errorType !== null && typeof errorType !== 'string') || typeof message !== 'string' || (mode !== 'default' && mode !== 'bfcl')) return undefined;
  return { pass, errorType, message, mode };
}
