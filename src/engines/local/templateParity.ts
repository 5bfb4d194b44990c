/**
 * The template parity check: render a conversation with the chat template a GGUF carries
 * (`tokenizer.chat_template`), the way Hugging Face's `apply_chat_template` would, and compare it
 * with our renderer's exact prompt. Equal means the model sees the same bytes whichever way it is
 * served; otherwise the first differing offset shows where, with context.
 *
 * The template runs in `@huggingface/jinja` (node-llama-cpp's Jinja engine, imported lazily) with
 * HF's variables: `messages` (OpenAI shape), `tools` (plain tool objects, or none when there are
 * no tools), `add_generation_prompt: true`, `bos_token`, `eos_token`. Its `tojson` is JavaScript's,
 * not Python's: where the first difference lies inside JSON, each value is probed and the causes
 * found are named (`knownCauses`).
 */
import { InputError } from '../../core/errors';
import { renderPrompt } from '../../core/formats/render';
import type { BlockKind, FormatId } from '../../core/formats/types';
import { tojson } from '../../core/formats/xlam2';
import { isJsonObject, JsonNumber, JsonObject, toPlain, type JsonValue } from '../../core/json/jsonValue';
import { pyFloatRepr } from '../../core/json/pyJsonDumps';
import type { ChatMessage } from '../../core/messages';
import type { Tool } from '../../core/tools/tool';
import { checkModelFile } from './ggufFile';

/** What a model file gives the template besides the conversation. */
export interface TemplateSource {
  chatTemplate: string;
  bosToken?: string;
  eosToken?: string;
}

/**
 * How "no tools" reaches the template: `none` is HF's `apply_chat_template(tools=None)`;
 * `undefined` is what node-llama-cpp's JinjaTemplateChatWrapper passes (Jinja: undefined is not none).
 */
export type NoToolsAs = 'none' | 'undefined';

export interface ParityRequest {
  source: TemplateSource;
  format: FormatId;
  variant?: string;
  tools: readonly Tool[];
  messages: readonly ChatMessage[];
  noTools?: NoToolsAs;
}

export interface ParityDifference {
  offset: number;
  /** 1-based, in our prompt. */
  line: number;
  column: number;
  /** Our prompt around the offset (±40 characters). */
  ours: string;
  /** The template's rendering around the same offset. */
  template: string;
  /** The kind of our prompt block holding the offset. */
  block?: BlockKind;
}

export interface ParityResult {
  equal: boolean;
  format: FormatId;
  variant: string;
  ours: string;
  /** The template's rendering; empty when it failed (see templateError). */
  template: string;
  firstDifference?: ParityDifference;
  /** Named reasons for a difference inside JSON that come from the Jinja engine, not the template. */
  knownCauses: string[];
  /** The template could not be parsed or rendered by @huggingface/jinja. */
  templateError?: string;
}

const CONTEXT = 40;
/** Blocks whose text our renderer writes with HF `tojson`. */
const JSON_BLOCKS: readonly BlockKind[] = ['tools', 'toolCall', 'toolResult'];

// The package is ESM (with a CJS build); this CJS file may only name its types with resolution-mode.
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- the linter cannot resolve a type-only import() with attributes; tsc checks it
type Jinja = typeof import('@huggingface/jinja', { with: { 'resolution-mode': 'import' } });
let jinjaModule: Promise<Jinja> | undefined;

function loadJinja(): Promise<Jinja> {
  jinjaModule ??= import('@huggingface/jinja');
  return jinjaModule;
}

/** Renders with the model's template and compares with our renderer. */
export async function checkTemplateParity(request: ParityRequest): Promise<ParityResult> {
  const rendered = renderPrompt({ format: request.format, tools: request.tools, messages: request.messages, ...(request.variant !== undefined ? { variant: request.variant } : {}) });
  const ours = rendered.prompt;
  const base = { format: rendered.format, variant: rendered.variant, ours };
  const { Template } = await loadJinja();
  let template: string;
  try {
    const noTools = request.noTools === 'undefined' ? undefined : null;
    template = new Template(request.source.chatTemplate).render({
      messages: request.messages.map((message) => toPlain(message.raw)),
      tools: request.tools.length > 0 ? request.tools.map((tool) => toPlain(tool.plain)) : noTools,
      add_generation_prompt: true,
      bos_token: request.source.bosToken,
      eos_token: request.source.eosToken,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Python's Jinja iterates an undefined value as empty; @huggingface/jinja throws instead.
    const knownCauses = /for loop: got UndefinedValue/.test(message)
      ? ['@huggingface/jinja cannot loop over an undefined variable, which Python\'s Jinja treats as empty (e.g. tools left undefined)']
      : [];
    return { ...base, equal: false, template: '', knownCauses, templateError: message };
  }
  if (template === ours) return { ...base, equal: true, template, knownCauses: [] };

  let offset = 0;
  const n = Math.min(ours.length, template.length);
  while (offset < n && ours.charCodeAt(offset) === template.charCodeAt(offset)) offset++;
  const block = blockAt(rendered.blocks, offset);
  const before = ours.slice(0, offset);
  const line = before.split('\n').length;
  const firstDifference: ParityDifference = {
    offset,
    line,
    column: offset - before.lastIndexOf('\n'),
    ours: ours.slice(Math.max(0, offset - CONTEXT), offset + CONTEXT),
    template: template.slice(Math.max(0, offset - CONTEXT), offset + CONTEXT),
    ...(block !== undefined ? { block } : {}),
  };
  const knownCauses = block !== undefined && JSON_BLOCKS.includes(block) ? await tojsonCauses(request) : [];
  return { ...base, equal: false, template, firstDifference, knownCauses };
}

function blockAt(blocks: ReadonlyArray<{ kind: BlockKind; text: string }>, offset: number): BlockKind | undefined {
  let end = 0;
  for (const block of blocks) {
    end += block.text.length;
    if (offset < end) return block.kind;
  }
  return blocks.at(-1)?.kind;
}

/**
 * Each JSON value the prompt writes with `tojson` (tools with indent 4; call functions and tool
 * results compact), rendered by the Jinja engine and by Python's rules: where they differ, what in
 * the value explains it.
 */
async function tojsonCauses(request: ParityRequest): Promise<string[]> {
  const { Template } = await loadJinja();
  const engineTojson = (value: JsonValue, indent: number | undefined): string =>
    new Template(indent === undefined ? '{{ v | tojson }}' : `{{ v | tojson(indent=${indent}) }}`).render({ v: toPlain(value) });
  const probes: Array<{ label: string; value: JsonValue; indent: number | undefined }> = request.tools.map((tool) => ({ label: `tool "${tool.name}"`, value: tool.plain, indent: 4 }));
  request.messages.forEach((message, index) => {
    const calls = message.toolCalls;
    if (Array.isArray(calls)) {
      calls.forEach((call) => {
        const fn = isJsonObject(call) ? call.get('function') : undefined;
        if (fn !== undefined && isJsonObject(fn)) probes.push({ label: `message ${index} tool call`, value: fn, indent: undefined });
      });
    }
    if (message.role === 'tool' && (isJsonObject(message.content) || Array.isArray(message.content))) {
      probes.push({ label: `message ${index} tool result`, value: message.content, indent: undefined });
    }
  });
  const emptyDiffers = engineTojson([[], new JsonObject()], 4) !== tojson([[], new JsonObject()], 4);
  const causes: string[] = [];
  for (const probe of probes) {
    let engine: string;
    try {
      engine = engineTojson(probe.value, probe.indent);
    } catch (error) {
      causes.push(`${probe.label}: @huggingface/jinja's tojson fails on it (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    if (engine === tojson(probe.value, probe.indent)) continue;
    const found = jsQuirks(probe.value, probe.indent !== undefined && emptyDiffers);
    const why = found.length > 0 ? found.join('; ') : 'no known cause found (compare the JSON by hand)';
    causes.push(`${probe.label}: @huggingface/jinja's tojson differs from Python's json.dumps: ${why}`);
  }
  return causes;
}

/** What in a value JavaScript's JSON cannot write as Python does. */
function jsQuirks(value: JsonValue, emptyWithIndent: boolean): string[] {
  const found = new Set<string>();
  const visit = (node: JsonValue): void => {
    if (node instanceof JsonNumber) {
      const n = node.value;
      if (node.isInteger) {
        if (!Number.isSafeInteger(n)) found.add(`integer ${node.lexeme} loses precision as a JS number (${String(n)})`);
      } else if (Number.isInteger(n) && Math.abs(n) < 1e16) {
        found.add(`float ${node.lexeme} is written as ${String(n)} (JS numbers have no float type; Python writes ${pyFloatRepr(n)})`);
      } else if (String(n) !== pyFloatRepr(n)) {
        found.add(`float ${node.lexeme} is written as ${String(n)} (Python writes ${pyFloatRepr(n)})`);
      }
    } else if (typeof node === 'string') {
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(node)) found.add('a lone surrogate in a string is escaped by JS and written raw by Python');
    } else if (Array.isArray(node)) {
      if (node.length === 0 && emptyWithIndent) found.add('an empty list is written with an inner newline when indenting');
      node.forEach(visit);
    } else if (isJsonObject(node)) {
      if (node.size === 0 && emptyWithIndent) found.add('an empty object is written with an inner newline when indenting');
      const keys = node.keys();
      const jsOrder = Object.keys(toPlain(node) as object);
      if (keys.some((key, i) => key !== jsOrder[i])) {
        const moved = jsOrder.filter((key) => /^\d+$/.test(key)).map((key) => JSON.stringify(key));
        found.add(`integer-like keys (${moved.join(', ')}) move first in a JS object, as JS orders them`);
      }
      for (const [, item] of node.entries()) visit(item);
    }
  };
  visit(value);
  return [...found];
}

/** The chat template and BOS/EOS texts of a GGUF, read from its header (no model load). */
export async function readTemplateSource(modelPath: string): Promise<TemplateSource> {
  const info = await checkModelFile(modelPath);
  const template = info.metadata.get('tokenizer.chat_template');
  if (template?.type !== 'string') throw new InputError(`${modelPath} carries no chat template (tokenizer.chat_template): there is nothing to compare with`);
  const tokens = info.metadata.get('tokenizer.ggml.tokens');
  const tokenText = (key: string): string | undefined => {
    const id = info.metadata.get(key);
    if (tokens?.type !== 'array' || tokens.itemType !== 'string' || id === undefined || id.type === 'array' || typeof id.value === 'boolean' || typeof id.value === 'string') return undefined;
    return tokens.items[Number(id.value)];
  };
  const bosToken = tokenText('tokenizer.ggml.bos_token_id');
  const eosToken = tokenText('tokenizer.ggml.eos_token_id');
  return { chatTemplate: template.value, ...(bosToken !== undefined ? { bosToken } : {}), ...(eosToken !== undefined ? { eosToken } : {}) };
}

/** The same, from a loaded model (the host's path): its template and special token texts. */
export function templateSourceOfModel(model: {
  fileInfo: { metadata: { tokenizer: { chat_template?: string } } };
  tokens: { bosString?: string | null; eosString?: string | null };
}): TemplateSource | undefined {
  const chatTemplate = model.fileInfo.metadata.tokenizer.chat_template;
  if (typeof chatTemplate !== 'string') return undefined;
  const { bosString, eosString } = model.tokens;
  return { chatTemplate, ...(typeof bosString === 'string' ? { bosToken: bosString } : {}), ...(typeof eosString === 'string' ? { eosToken: eosString } : {}) };
}
