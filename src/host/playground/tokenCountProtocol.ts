/** Messages between the extension host and its token-count worker (tokenCountWorker.ts). */
export interface CountRequest {
  id: number;
  /** A GGUF whose vocabulary counts the tokens (loaded vocabOnly in the worker). */
  modelPath: string;
  /** The prompt's blocks, in order. */
  blocks: string[];
}

export type CountReply = { id: number; ok: true; blocks: number[]; total: number } | { id: number; ok: false; message: string };
