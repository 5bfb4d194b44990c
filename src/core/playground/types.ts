import type { CheckerMode } from '../check/types';
import type { FinishReason, GenerateTimings } from '../engine/types';
import type { FormatId } from '../formats/types';
import type { JsonObject, JsonValue } from '../json/jsonValue';
import type { SourceLocation } from '../errors';
import type { ChatMessage } from '../messages';
import type { Expectation } from '../suite/types';
import type { Tool } from '../tools/tool';
import type { ExpectedCheck } from './expectedCheck';
import type { StoredCompareColumn } from './readCompare';

/*
 * The playground document: what a `*.playground.json` file holds, read into typed values. The file
 * is the truth; a webview is a view of it and every change is a text edit (edits.ts). The schema
 * for VS Code's JSON service is schemas/playground.schema.json; readPlaygroundDocument enforces
 * the same rules (and a few the schema cannot express) with located problems.
 */

/** The only version this code reads and writes; a newer file is an error, not a guess. */
export const PLAYGROUND_VERSION = 1 as const;

/** Keys and array indexes from the document root, as jsonc-parser's `modify()` takes them. */
export type FieldPath = Array<string | number>;

/** `auto`: the format (or variant) the loaded model's GGUF proposes, else the family default. */
export type FormatChoice = FormatId | 'auto';
export type VariantChoice = string;

/**
 * The tools: inline in any of the three shapes tool.ts reads (kept as written, order and number
 * lexemes included), or a reference to a `*.tools.json` file relative to the playground file.
 */
export type PlaygroundTools = { kind: 'inline'; tools: Tool[] } | { kind: 'file'; path: string };

export interface PlaygroundSampling {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
}

/**
 * One mock rule of a tool. The first rule whose `when` arguments all equal the call's (as JSON
 * values, numbers by value) answers the call; a rule without `when` matches any call. A rule has
 * exactly one of `result` (what the tool returns) and `error` (a failure the model sees).
 */
export interface MockRule {
  when?: JsonObject;
  result?: JsonValue;
  error?: string;
}

/** Mock rules per tool name, in file order. */
export type PlaygroundMocks = ReadonlyMap<string, readonly MockRule[]>;

/** The engine a run went through, as EngineInfo describes it. */
export interface RunEngine {
  kind: 'local' | 'remote';
  model: string;
  backend: string;
}

/** One call as the last run's parser read it. */
export interface RunCall {
  name: string;
  arguments: JsonValue;
}

/**
 * The last run, stored so that reopening the file shows it. A cache, not the truth: a malformed
 * one is dropped with a warning instead of making the whole document unreadable.
 */
export interface PlaygroundRun {
  /** The raw generated text. */
  output: string;
  calls: RunCall[];
  finishReason?: FinishReason;
  timings?: Partial<GenerateTimings> & { wallMs?: number };
  engine?: RunEngine;
  /** The format and variant the prompt was rendered with (resolved, never `auto`). */
  format?: FormatId;
  variant?: string;
  /** When the run finished (ISO 8601), for people. */
  at?: string;
  /** A failed run: the engine error's code and message. */
  error?: { code: string; message: string };
  /** The check against the document's expected answer as it was when the run was made (expectedCheck.ts). */
  expectedCheck?: ExpectedCheck;
}

/**
 * Where a playground came from: a case of a suite ("Open in Playground" on a Test Explorer case).
 * `suite` is relative to the workspace folder; `checker` is the suite's checker mode when it sets
 * one (the check of each run uses it, as `xlam-lab test` would).
 */
export interface PlaygroundSource {
  suite: string;
  case: string;
  checker?: CheckerMode;
}

export interface PlaygroundDocument {
  version: typeof PLAYGROUND_VERSION;
  tools: PlaygroundTools;
  /** The conversation: system override, user turns, assistant turns with calls, tool results. */
  messages: ChatMessage[];
  format: FormatChoice;
  variant: VariantChoice;
  sampling: PlaygroundSampling;
  /** Constrain output to valid calls of the tools (the run's `grammar: 'tools'`). */
  grammar: boolean;
  mocks: PlaygroundMocks;
  lastRun?: PlaygroundRun;
  /** The Compare tab's columns, when they were set up (readCompare.ts). */
  compare?: StoredCompareColumn[];
  /** The expected answer, as a suite case's `expect` (calls, BFCL possible answers, or "no call"): each run is checked against it. */
  expected?: Expectation;
  source?: PlaygroundSource;
}

/** Something wrong in the file, at `path` (the JSON path) and `location` (line:col). */
export interface PlaygroundProblem {
  severity: 'error' | 'warning';
  message: string;
  path: FieldPath;
  location: SourceLocation;
}

/** The document when it has no errors; every problem found either way (warnings included). */
export type PlaygroundReadResult = { ok: true; document: PlaygroundDocument; problems: PlaygroundProblem[] } | { ok: false; problems: PlaygroundProblem[] };

/** Defaults of the optional top-level fields (also what a seeded document writes). */
export const PLAYGROUND_DEFAULTS = { format: 'auto', variant: 'auto', grammar: true } as const;
