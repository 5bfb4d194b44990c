/**
 * The tolerant parser (xlam-formats.md §6): reads calls out of whatever an xLAM model wrote,
 * more forgiving than any serving stack, and says so when something looks like a broken call.
 *
 * Steps: trim; drop trailing stop tokens (<|EOT|>, <|im_end|>, <|endoftext|>, <|eot_id|>, </s>);
 * keep only what follows the first `</think>`; then the first kind of candidate that yields calls
 * wins: the whole text; fenced blocks (any or no language tag); `[TOOL_CALLS]` + JSON; `<tool_call>`
 * blocks (an unclosed last one too); call JSON starting at any `[`/`{`. Every candidate of the
 * winning kind counts (several fences, tags or prose calls), in order. JSON is Python's json.loads.
 *
 * Decisions (the reference leaves these open):
 * - Every shape is accepted for every family: `{"tool_calls": …}` (fc v1), `{"thought", "tool_calls"}`
 *   (general v1), a bare array (xLAM-2), one `{"name", "arguments"}` object, and several call values
 *   separated by `;`, `,` or whitespace (BFCL's `;` fallback). Models drift between formats and
 *   the user wants to see the calls; strict mode is what shows what a server would accept.
 *   The family matters only for what is reported: `shape` says which shape was read, and
 *   `warning` (familyShape.ts) when it is not the family's own.
 * - The think text (without `<think>`) becomes `thought`, not `content`; a JSON `thought` wins.
 * - A lone `{"name": {...}}` (BFCL's decoded form) is not a call: that is an evaluator's data
 *   shape, not model output, and reading any one-key object as a call would invent calls.
 *   A call object needs a string `name`, and `arguments`/`parameters`, or only call keys
 *   (name, arguments, parameters, id, type): `{"name": "Alice", "age": 3}` is data.
 *   `{"function": {...}}` (OpenAI wrapper) is unwrapped.
 * - `"tool_calls"` holding one call object is read as that call; holding anything else (a string,
 *   a number, other data) is an error at that value.
 * - `arguments` as a JSON string is decoded when it holds an object; otherwise the string is kept
 *   and `error` says so (BFCL and vLLM clients would fail on it). Missing → `{}` and
 *   `argumentsMissing`. `parameters` is accepted when `arguments` is absent (Llama 3 habit).
 * - JSON that fails to parse after `"name"`/`"tool_calls"` was read (truncated or malformed) is
 *   an `error` at the failing offset, with no calls taken from inside it, not plain content.
 *   Unlike the general v1 client (invalid JSON → no calls, silently) this shows the problem.
 * - `content` is the text outside the calls, trimmed, cut where a malformed call starts.
 */
import type { OutputFamily } from '../formats/types';
import { parsePythonJson, rawDecode, type PyJsonFailure } from '../json/parsePythonJson';
import { interpret, overallShape, PYTHON, type Shape } from './callValue';
import { shapeWarning } from './familyShape';
import { memberValueOffset } from './memberOffset';
import type { ParseError, ParseResult } from './types';
import { MAX_JSON_DEPTH } from '../json/jsonDepth';

const STOP_TOKENS: readonly string[] = ['<|EOT|>', '<|im_end|>', '<|endoftext|>', '<|eot_id|>', '</s>'];
const MARKER_BEFORE = /(?:```[\w+-]*|<tool_call>|\[TOOL_CALLS\])\s*$/;
/** What may follow an opening fence before the code: a language tag (json, JSON, python, …) and a newline. */
const FENCE_TAG = /^[ \t]*[\w+-]*[ \t]*\r?\n?/;

/** One or more values decoded from a piece of text, all call shapes. */
interface Decoded {
  shape: Shape;
  start: number;
  end: number;
}

/** `skipTo`: a value decoded there but was not a call (skip it whole); `failure`: it did not decode. */
type SequenceResult = { ok: true; decoded: Decoded } | { ok: false; at: number; failure?: PyJsonFailure; skipTo?: number };

/** `family`: only for `warning`; the calls, content, thought and error do not depend on it. */
export function parseTolerant(text: string, family?: OutputFamily): ParseResult {
  return new Run(text, family).parse();
}

class Run {
  private readonly body: string;
  private start = 0;
  private end: number;
  /** body[0, end): what is decoded, so values cannot run into a dropped stop token. */
  private region = '';
  private thinkThought: string | undefined;
  private malformed: { error: ParseError; spanStart: number } | undefined;
  private problem: ParseError | undefined;
  /** Characters that decoding may still examine: failed decodes can overlap, so bound the total. */
  private budget: number;

  constructor(
    text: string,
    private readonly family: OutputFamily | undefined,
  ) {
    this.body = text;
    this.end = text.length;
    this.budget = Math.max(1_000_000, 8 * text.length);
  }

  parse(): ParseResult {
    this.trim();
    // Repeatedly: "…<|eot_id|>\n<|endoftext|>" loses both.
    for (let token = this.stopToken(); token; token = this.stopToken()) {
      this.end -= token.length;
      this.trim();
    }
    const think = this.body.slice(this.start, this.end).indexOf('</think>');
    if (think >= 0) {
      this.thinkThought = this.body.slice(this.start, this.start + think).replace('<think>', '').trim();
      this.start += think + '</think>'.length;
      this.trim();
    }
    this.region = this.body.slice(0, this.end);
    // The whole text: one value, or a run of call values (`a; b`). Valid JSON that is no call is content.
    const whole = this.sequence(this.region, 0, this.start, true);
    if (whole.ok) return this.result([whole.decoded]);
    if (parsePythonJson(this.region.slice(this.start), PYTHON).ok) return this.result([]);
    const found = this.blocks('```', '```') ?? this.markers() ?? this.blocks('<tool_call>', '</tool_call>') ?? this.scan();
    return this.result(found ?? []);
  }

  private stopToken(): string | undefined {
    return STOP_TOKENS.find((token) => this.end - this.start >= token.length && this.body.startsWith(token, this.end - token.length));
  }

  private trim(): void {
    while (this.start < this.end && isSpace(this.body, this.start)) this.start++;
    while (this.end > this.start && isSpace(this.body, this.end - 1)) this.end--;
  }

  /**
   * Fenced (```, optional language tag) or tagged blocks: each whose inside is call JSON wins.
   * An unclosed `<tool_call>` (truncated output) is read up to wherever its JSON ends.
   */
  private blocks(open: string, close: string): Decoded[] | undefined {
    const won: Decoded[] = [];
    for (let at = this.region.indexOf(open, this.start); at >= 0; ) {
      let inner = at + open.length;
      if (open === '```') inner += FENCE_TAG.exec(this.region.slice(inner, inner + 40))?.[0].length ?? 0;
      const closer = this.region.indexOf(close, inner);
      if (closer < 0 && open === '```') break;
      const result = closer < 0 ? this.sequence(this.region, 0, inner, false) : this.sequence(this.region.slice(inner, closer), inner, 0, true);
      if (result.ok) won.push({ ...result.decoded, start: at, end: closer < 0 ? result.decoded.end : closer + close.length });
      else this.noteFailure(result, at);
      if (closer < 0) break;
      at = this.region.indexOf(open, closer + close.length);
    }
    return won.length > 0 ? won : undefined;
  }

  /** `[TOOL_CALLS]` followed by call JSON (any number of lines, unlike vLLM's rest-of-line). */
  private markers(): Decoded[] | undefined {
    const won: Decoded[] = [];
    for (let at = this.region.indexOf('[TOOL_CALLS]', this.start); at >= 0; at = this.region.indexOf('[TOOL_CALLS]', at + 1)) {
      const result = this.sequence(this.region, 0, at + '[TOOL_CALLS]'.length, false);
      if (result.ok) won.push({ ...result.decoded, start: at });
      else this.noteFailure(result, at);
    }
    return won.length > 0 ? won : undefined;
  }

  /**
   * Call JSON starting at a `[` or `{` anywhere: every call value found, in order (prose may hold
   * several, "I'll call {…} and {…}"). Values that are not calls are skipped whole, so calls nested
   * in other data are not taken.
   */
  private scan(): Decoded[] | undefined {
    const won: Decoded[] = [];
    const opener = /[[{]/g;
    opener.lastIndex = this.start;
    for (let match = opener.exec(this.region); match && this.budget > 0; match = opener.exec(this.region)) {
      const result = this.sequence(this.region, 0, match.index, false);
      if (result.ok) {
        won.push(result.decoded);
        opener.lastIndex = result.decoded.end;
      } else if (result.skipTo !== undefined) {
        opener.lastIndex = result.skipTo;
      } else if (this.noteFailure(result, match.index) && result.failure) {
        opener.lastIndex = Math.max(match.index + 1, result.failure.offset);
      }
    }
    return won.length > 0 ? won : undefined;
  }

  /**
   * Call values in `text` (which starts at `base` in the body) from `from` on, separated by
   * whitespace, `;` or `,`. `whole`: they must fill the text; otherwise decoding stops at the
   * first thing that is not a call value. Offsets in the result are body offsets.
   */
  private sequence(text: string, base: number, from: number, whole: boolean): SequenceResult {
    const parts: Decoded[] = [];
    let i = skipSpace(text, from);
    while (i < text.length) {
      if (parts.length > 0 && (text[i] === ';' || text[i] === ',')) i = skipSpace(text, i + 1);
      if (i >= text.length) break;
      if (this.budget <= 0) return { ok: false, at: base + i };
      const value = rawDecode(text, i, PYTHON);
      this.budget -= (value.ok ? value.end : value.offset) - i + 1;
      const shape = value.ok ? interpret(value.value, parts.length === 0 && whole) : undefined;
      if (!value.ok || !shape || (parts.length > 0 && shape.calls.length === 0)) {
        if (!whole && parts.length > 0) break;
        if (!value.ok) return { ok: false, at: base + i, failure: { ...value, offset: base + value.offset } };
        return { ok: false, at: base + i, skipTo: base + value.end };
      }
      parts.push({ shape, start: base + i, end: base + value.end });
      i = skipSpace(text, value.end);
    }
    const [first, last] = [parts[0], parts[parts.length - 1]];
    if (!first || !last) return { ok: false, at: base + from };
    const kinds = parts.flatMap((p) => p.shape.kinds);
    const shape: Shape = { calls: parts.flatMap((p) => p.shape.calls), envelope: first.shape.envelope, problems: [], kinds, valueAt: first.start };
    const thought = parts.find((p) => p.shape.thought !== undefined)?.shape.thought;
    if (thought !== undefined) shape.thought = thought;
    for (const part of parts) {
      const problem = part.shape.problems[0];
      if (problem === undefined || this.problem) continue;
      const local = part.start - base;
      const at = problem.key === undefined ? local : (memberValueOffset(text, local, problem.key, MAX_JSON_DEPTH) ?? local);
      this.problem = { message: problem.message, offset: base + at };
    }
    return { ok: true, decoded: { shape, start: first.start, end: last.end } };
  }

  /** Records JSON that broke after a call key was read; true when the scan should skip past the failure. */
  private noteFailure(result: SequenceResult, spanStart: number): boolean {
    if (result.ok || !result.failure) return false;
    const opensJson = this.body[result.at] === '[' || this.body[result.at] === '{';
    const callLike = opensJson && /"(name|tool_calls)"/.test(this.body.slice(result.at, result.failure.offset));
    if (callLike) {
      this.malformed ??= {
        error: { message: `malformed or truncated call JSON: ${result.failure.message}`, offset: result.failure.offset },
        spanStart,
      };
    }
    return callLike || result.failure.raises === 'RecursionError';
  }

  private result(won: Decoded[]): ParseResult {
    const calls = won.flatMap((d) => d.shape.calls);
    const thoughts = won.map((d) => d.shape.thought);
    const thought = thoughts.find((t) => t !== undefined && t !== '') ?? this.thinkThought ?? thoughts.find((t) => t !== undefined);
    // A malformed call ends the readable reply: what follows it is the broken JSON, not prose.
    const end = this.malformed ? Math.max(this.start, Math.min(this.end, this.malformed.spanStart)) : this.end;
    const content = outside(this.body, this.start, end, won).trim().replace(this.malformed ? MARKER_BEFORE : /$^/, '').trim();
    const out: ParseResult = { calls, content };
    if (thought !== undefined) out.thought = thought;
    const error = this.malformed?.error ?? this.problem;
    if (error) out.error = error;
    const shape = overallShape(won.flatMap((d) => d.shape.kinds));
    if (shape) out.shape = shape;
    const warning = this.family && shapeWarning(this.family, shape, won[0]?.shape.valueAt ?? this.start, error !== undefined);
    if (warning) out.warning = warning;
    return out;
  }
}

/** The text of [start, end) without the spans. */
function outside(text: string, start: number, end: number, spans: ReadonlyArray<{ start: number; end: number }>): string {
  let out = '';
  let at = start;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start > at) out += text.slice(at, span.start);
    at = Math.max(at, span.end);
  }
  return out + text.slice(at, end);
}

function isSpace(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code > 0x7f && /\s/.test(text[at] ?? ''));
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text, at)) at++;
  return at;
}
