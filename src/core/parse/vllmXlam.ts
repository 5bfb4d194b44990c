/**
 * Strict mode: what vLLM's `xlam` tool parser (vllm/entrypoints/openai/tool_parsers/xlam_tool_parser.py,
 * `preprocess_model_output` + non-streaming `extract_tool_calls`, unchanged through 2025 into
 * vllm/tool_parsers/) accepts and rejects, and what the chat-completions response then carries.
 *
 * Reproduced behaviours:
 * 1. `</think>`: the first `</think>`. Parser content = text up to and including it, stripped. The
 *    stripped text after it is the tool JSON if json.loads accepts it (any JSON value); otherwise
 *    each pattern of step 2 is searched in that text only, and the first match json.loads accepts
 *    wins (text outside it is dropped from the parser content). No win: step 2 runs on the whole text.
 * 2. Patterns in order, each fully before the next: ```(?:json)?\s*([\s\S]*?)``` then
 *    \[TOOL_CALLS\]([\s\S]*?)(?=\n|$) (rest of the line only) then <tool_call>([\s\S]*?)</tool_call>.
 *    The first match json.loads accepts wins; the content is the text with EVERY match of that
 *    pattern removed (re.sub), stripped.
 * 3. Else, if the stripped text starts with `[`: json.loads(text) accepted → tool JSON, content None.
 *    Rejected, but the text contains `{`, `name` and `arguments` (plain substrings) → it is still
 *    handed on as "partial" tool JSON; json.loads then raises again inside extract_tool_calls, whose
 *    `except Exception` returns no calls and the whole text. There is no partial-JSON repair in
 *    the non-streaming path, so "partial" arrays never produce calls.
 * 4. The tool JSON must be a list (anything else: no calls). Items that are not objects or lack
 *    `name` or `arguments` are skipped. FunctionCall(name: str, arguments: str) is a pydantic model:
 *    a non-string name, or arguments that are neither an object nor a string, fail validation and
 *    the same `except Exception` drops every call. Object arguments become json.dumps(args)
 *    (", " and ": ", ensure_ascii, NaN/Infinity literal); string arguments pass through unchanged.
 * 5. json.loads raising something other than JSONDecodeError (an int literal over 4300 digits:
 *    ValueError; deep nesting: RecursionError) escapes preprocess_model_output's
 *    `except JSONDecodeError`, so no later candidate is tried: no calls, the whole text.
 * 6. Python details: `\s` in those patterns is the `regex` module's (Unicode White_Space), `.strip()`
 *    is str.strip (str.isspace, which also strips U+001C..U+001F), json.loads via parsePythonJson.
 * 7. The response: vLLM's chat serving uses the parser's content only when tools_called; otherwise
 *    the message content is the original text. ParseResult.content follows the response (None → '').
 *
 * Divergences: RecursionError comes past MAX_JSON_DEPTH (995) levels, what CPython 3.11 reads at
 * top level; inside vLLM's call stack, and on other versions, the real threshold differs a little.
 * Offsets count UTF-16 units; `call_<i>_<uuid>` ids are not made.
 * vLLM removes stop strings and skips special tokens before the parser runs, so pass the text the
 * parser would see: a trailing `<|im_end|>` is NOT dropped here (vLLM's parser never sees it).
 */
import { isJsonObject, type JsonValue } from '../json/jsonValue';
import { parsePythonJson, type PyJsonFailure } from '../json/parsePythonJson';
import { pyJsonDumps } from '../json/pyJsonDumps';
import type { ParsedCall, ParseResult } from './types';
import { isPyWhitespace, pyStrip } from '../python/pyStrip';
import { MAX_JSON_DEPTH } from '../json/jsonDepth';

/** What `extract_tool_calls` returns (content None → null), plus why it took its exception path. */
export interface VllmExtraction {
  toolsCalled: boolean;
  calls: ParsedCall[];
  content: string | null;
  /** Set when vLLM would log "Error extracting tool calls" (its `except Exception`). */
  exception?: { message: string; offset: number };
}

/** The `regex` module's `\s` (Unicode White_Space); JS `\s` is another set (U+FEFF in, U+0085 out). */
function isRegexSpace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x20 || (code >= 0x85 && isPyWhitespace(code));
}

function leadingPySpace(text: string): number {
  let i = 0;
  while (i < text.length && isPyWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** One match of a pattern: the whole match and its group 1. */
interface Match {
  start: number;
  end: number;
  groupStart: number;
  group: string;
}

type PatternKind = 'fence' | 'toolCallsLine' | 'toolCallTag';
const PATTERN_ORDER: readonly PatternKind[] = ['fence', 'toolCallsLine', 'toolCallTag'];

/**
 * re.findall / re.sub matches of vLLM's three patterns, found with indexOf instead of RegExp:
 *   fence          ```(?:json)?\s*([\s\S]*?)```
 *   toolCallsLine  \[TOOL_CALLS\]([\s\S]*?)(?=\n|$)
 *   toolCallTag    <tool_call>([\s\S]*?)</tool_call>
 * Same matches (leftmost, non-overlapping; the optional `json` and `\s*` are greedy and hold no
 * backtick, so the lazy group ends at the first closer after the opener), but linear: a RegExp
 * retries every later opener when a closer is missing, which is quadratic on long outputs.
 */
function findAll(kind: PatternKind, text: string): Match[] {
  const [open, close] = kind === 'fence' ? ['```', '```'] : kind === 'toolCallTag' ? ['<tool_call>', '</tool_call>'] : ['[TOOL_CALLS]', '\n'];
  const matches: Match[] = [];
  for (let at = text.indexOf(open); at >= 0; ) {
    let groupStart = at + open.length;
    if (kind === 'fence') {
      if (text.startsWith('json', groupStart)) groupStart += 4;
      while (groupStart < text.length && isRegexSpace(text.charCodeAt(groupStart))) groupStart++;
    }
    let closer = text.indexOf(close, kind === 'fence' ? at + open.length : groupStart);
    if (closer < 0) {
      if (kind !== 'toolCallsLine') break; // no closer after this opener means none after later ones
      closer = text.length; // `$`
    }
    const end = kind === 'toolCallsLine' ? closer : closer + close.length; // the lookahead consumes nothing
    matches.push({ start: at, end, groupStart, group: text.slice(groupStart, closer) });
    at = text.indexOf(open, end);
  }
  return matches;
}

/** re.sub(pattern, "", text). */
function removeAll(text: string, matches: readonly Match[]): string {
  let out = '';
  let at = 0;
  for (const match of matches) {
    out += text.slice(at, match.start);
    at = match.end;
  }
  return out + text.slice(at);
}

/** json.loads's nesting limit (RecursionError past it), so deep values also stay safe to dump. */
const PYTHON = { maxDepth: MAX_JSON_DEPTH };

/** A Python exception escaping a step; `offset` is into the original text. */
class PyException extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** json.loads: true if accepted, false on JSONDecodeError, throws on any other Python exception. */
function loads(text: string, base: number): boolean {
  const result = parsePythonJson(text, PYTHON);
  if (result.ok) return true;
  if (result.raises !== 'JSONDecodeError') throw pyException(result, base);
  return false;
}

function pyException(failure: PyJsonFailure, base: number): PyException {
  return new PyException(`${failure.raises}: ${failure.message}`, base + failure.offset);
}

interface Preprocessed {
  content: string | null;
  json: string | null;
  /** Offset of `json` in the original text, for error offsets. */
  at: number;
}

/** The first findall group json.loads accepts, and where it starts in the original text. */
function firstLoadable(matches: readonly Match[], base: number): { json: string; at: number } | undefined {
  for (const match of matches) {
    if (loads(match.group, base + match.groupStart)) return { json: match.group, at: base + match.groupStart };
  }
  return undefined;
}

function preprocess(output: string): Preprocessed {
  const think = output.indexOf('</think>');
  if (think >= 0) {
    const content = pyStrip(output.slice(0, think + '</think>'.length));
    const rest = output.slice(think + '</think>'.length);
    const thinking = pyStrip(rest);
    const at = think + '</think>'.length + leadingPySpace(rest);
    if (loads(thinking, at)) return { content, json: thinking, at };
    for (const kind of PATTERN_ORDER) {
      const found = firstLoadable(findAll(kind, thinking), at);
      if (found) return { content, ...found };
    }
  }
  for (const kind of PATTERN_ORDER) {
    const matches = findAll(kind, output);
    const found = firstLoadable(matches, 0);
    if (found) return { content: pyStrip(removeAll(output, matches)), ...found };
  }
  if (pyStrip(output).startsWith('[')) {
    if (loads(output, 0)) return { content: null, json: output, at: 0 };
    if (output.includes('{') && output.includes('name') && output.includes('arguments')) return { content: null, json: output, at: 0 };
  }
  return { content: output, json: null, at: 0 };
}

/** `xLAMToolParser.extract_tool_calls(model_output)`, non-streaming. Never throws. */
export function vllmExtractToolCalls(output: string): VllmExtraction {
  try {
    const pre = preprocess(output);
    if (!pre.json) return { toolsCalled: false, calls: [], content: pre.content };
    const parsed = parsePythonJson(pre.json, PYTHON);
    if (!parsed.ok) throw pyException(parsed, pre.at);
    if (!Array.isArray(parsed.value)) return { toolsCalled: false, calls: [], content: pre.content || output };
    const calls: ParsedCall[] = [];
    parsed.value.forEach((item, index) => {
      if (!isJsonObject(item) || !item.has('name') || !item.has('arguments')) return;
      const name = item.get('name');
      const args = item.get('arguments') as JsonValue;
      if (typeof name !== 'string') throw new PyException(`ValidationError: FunctionCall.name of item ${index} is not a string`, pre.at);
      if (isJsonObject(args)) calls.push({ name, arguments: args, argumentsText: pyJsonDumps(args) });
      else if (typeof args === 'string') calls.push({ name, arguments: decodedView(args), argumentsText: args });
      else throw new PyException(`ValidationError: FunctionCall.arguments of item ${index} is neither an object nor a string`, pre.at);
    });
    return { toolsCalled: calls.length > 0, calls, content: pre.content };
  } catch (e) {
    // The parser's own `except Exception`. Only our PyException is expected here; anything else
    // is a bug in this module, and it would still land in the same place in vLLM.
    const exception = e instanceof PyException ? { message: e.message, offset: e.offset } : { message: String(e), offset: 0 };
    return { toolsCalled: false, calls: [], content: output, exception };
  }
}

/** String arguments reach the client unchanged; for display we also decode a JSON object in them. */
function decodedView(text: string): JsonValue {
  const parsed = parsePythonJson(text, PYTHON);
  return parsed.ok && isJsonObject(parsed.value) ? parsed.value : text;
}

/** Strict mode as a ParseResult: the calls and content a vLLM chat completion would carry. */
export function parseVllmXlam(output: string): ParseResult {
  const extraction = vllmExtractToolCalls(output);
  const result: ParseResult = extraction.toolsCalled
    ? { calls: extraction.calls, content: extraction.content ?? '' }
    : { calls: [], content: output };
  if (extraction.exception) {
    result.error = {
      message: `vLLM's xlam parser fails here (${extraction.exception.message}) and returns no calls`,
      offset: extraction.exception.offset,
    };
  }
  return result;
}
