import type { RenderResult } from '../formats/types';
import { outputFamily } from '../formats/types';
import { buildToolsGrammar } from '../grammar/toolsGrammar';
import { tsStringExpr } from './literals';
import { DEFAULT_EXPORT_MAX_TOKENS, type ExportInput } from './types';

/** The file name the header tells the user to save the script as (an ES module: top-level await). */
export const TS_FILE_NAME = 'xlam-run.mts';

/**
 * TypeScript with node-llama-cpp: our exact prompt tokenized with special tokens on (as the local
 * engine does), a BOS written as text dropped because LlamaCompletion adds its own, the format's
 * stop strings, and with a grammar on, the GBNF our local engine compiles from the tools (bounds
 * fitted to max tokens at one character a token, a real vocabulary's best case).
 */
export function tsNodeLlamaCppScript(input: ExportInput, rendered: RenderResult): string {
  const maxTokens = input.maxTokens ?? DEFAULT_EXPORT_MAX_TOKENS;
  const grammar = input.grammar === true ? buildToolsGrammar(input.tools, outputFamily(rendered.format), { budgetChars: maxTokens }) : undefined;
  const lines = [
    `// xLAM Tool Lab export: ${rendered.format} (${rendered.variant}) on a local GGUF with node-llama-cpp${grammar ? ', output constrained by a grammar' : ''}.`,
    `// npm install node-llama-cpp; save as ${TS_FILE_NAME} and run: npx tsx ${TS_FILE_NAME} path/to/model.gguf`,
    "import { getLlama, LlamaCompletion } from 'node-llama-cpp';",
    '',
    '/** The exact prompt, byte for byte as the preview shows it. */',
    `const PROMPT =\n  ${tsStringExpr(rendered.prompt, '  ')};`,
    `const STOP: string[] = [${rendered.stop.map((stop) => JSON.stringify(stop)).join(', ')}];`,
    `const MAX_TOKENS = ${maxTokens};`,
    `const TEMPERATURE = ${String(input.temperature ?? 0)};`,
  ];
  if (grammar) {
    lines.push(`/** GBNF: only calls of these tools, in the ${rendered.format} output shape. */`, `const GRAMMAR =\n  ${tsStringExpr(grammar.gbnf, '  ')};`);
    for (const dropped of grammar.dropped) lines.push(`// not enforced by the grammar: ${commentText(dropped.tool)} ${commentText(dropped.path)}: ${commentText(dropped.keyword)}`);
  }
  lines.push(
    '',
    'const modelPath = process.argv[2];',
    'if (modelPath === undefined) {',
    `  console.error('usage: npx tsx ${TS_FILE_NAME} path/to/model.gguf');`,
    '  process.exit(2);',
    '}',
    'const llama = await getLlama();',
    'const model = await llama.loadModel({ modelPath });',
    'const context = await model.createContext();',
    'const completion = new LlamaCompletion({ contextSequence: context.getSequence() });',
    '// Special tokens on: "<|im_start|>" and the like are the model\'s tokens, not text.',
    'let tokens = model.tokenize(PROMPT, true);',
    '// LlamaCompletion adds a BOS itself: drop one the prompt writes as text, or the model sees two.',
    'if (model.tokens.shouldPrependBosToken && tokens[0] === model.tokens.bos) tokens = tokens.slice(1);',
    ...(grammar ? ['const grammar = await llama.createGrammar({ grammar: GRAMMAR });'] : []),
    'const text = await completion.generateCompletion(tokens, {',
    '  maxTokens: MAX_TOKENS,',
    '  temperature: TEMPERATURE,',
    '  customStopTriggers: STOP,',
    '  // Tool-call JSON repeats keys and punctuation by nature; a repeat penalty corrupts it.',
    '  repeatPenalty: false,',
    ...(grammar ? ['  grammar,'] : []),
    '});',
    'console.log(text);',
    'await llama.dispose();',
    '',
  );
  return lines.join('\n');
}

/** A user's text in a `//` comment: JSON-quoted, and the line separators JS also ends a comment at escaped. */
function commentText(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16)}`);
}
