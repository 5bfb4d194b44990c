import assert from 'node:assert/strict';
import { EngineError } from '../../src/core/engine/types';

/** The EngineError `promise` rejects with; fails the test if it resolves or rejects otherwise. */
export async function engineError(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EngineError, `expected EngineError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an EngineError');
}
