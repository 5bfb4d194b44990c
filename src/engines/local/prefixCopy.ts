import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LlamaContextSequence } from './llamaTypes';

/**
 * Fewest shared tokens worth copying from another sequence instead of evaluating them. The copy
 * goes through a state file (below): its cost is the donor's whole KV state written and read
 * back, which on CPU beats evaluation by far for a long system+tools prefix and loses for a few
 * dozen tokens.
 */
export const COPY_MIN_TOKENS = 256;

/**
 * Copies `from`'s evaluated state into `to` (the caller then trims it to the shared prefix).
 *
 * node-llama-cpp 3.x has no in-memory KV copy between sequences (llama.cpp's seq_cp is not in its
 * addon: AddonContext exposes removeTokenCellsFromSequence, shiftSequenceTokenCells and
 * save/loadSequenceStateFromFile, nothing that copies cells), so the one way across is its public
 * per-sequence state file: `saveStateToFile` on the donor (it waits between the donor's batches,
 * so a busy donor is fine), `loadStateFromFile` on the receiver. Both come from this very context,
 * so the file always matches the model.
 */
export async function copySequenceState(from: LlamaContextSequence, to: LlamaContextSequence): Promise<void> {
  const file = join(tmpdir(), `xlam-kv-${process.pid}-${randomUUID()}.bin`);
  try {
    await from.saveStateToFile(file);
    await to.loadStateFromFile(file, { acceptRisk: true });
  } finally {
    await rm(file, { force: true });
  }
}
