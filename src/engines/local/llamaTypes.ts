// node-llama-cpp is ESM; this CJS build may import its *types* only with resolution-mode, in one place.
export type { Llama, LlamaCompletion, LlamaContext, LlamaContextSequence, LlamaGrammar, LlamaLogLevel, LlamaModel, Token } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- the linter cannot resolve a type-only import() with attributes; tsc checks it
export type NodeLlamaCpp = typeof import('node-llama-cpp', { with: { 'resolution-mode': 'import' } });
