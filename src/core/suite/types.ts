import type { CheckCategory, CheckerMode, ExpectedCall, FunctionDoc } from '../check/types';
import type { GrammarMode, SamplingOptions } from '../engine/types';
import type { SourceLocation } from '../errors';
import type { FormatId } from '../formats/types';
import type { JsonValue } from '../json/jsonValue';
import type { ChatMessage } from '../messages';
import type { Tool } from '../tools/tool';

/** A suite's `defaults`: how its cases are run unless the caller overrides them. */
export interface SuiteDefaults {
  format?: FormatId;
  variant?: string;
  /** A GGUF path (relative to the suite), an hf: URI, or an http(s)://…/v1 endpoint. */
  model?: string;
  sampling: SamplingOptions;
  grammar?: GrammarMode;
  /** Trials per case (k). */
  trials?: number;
  checker?: CheckerMode;
}

/** What a case expects: calls (exact or possible-answer values, as the checker's possible answer), or no call. */
export type Expectation =
  | { kind: 'calls'; calls: ExpectedCall[]; ordered: boolean; written: JsonValue }
  | { kind: 'no-call' };

/** Where a case is in its file (1-based lines), for the Test Explorer and messages. */
export interface CaseRange {
  start: SourceLocation;
  end: SourceLocation;
}

export interface SuiteCase {
  id: string;
  /** The category reported (the case's own, else the one the checker uses). */
  category: string;
  /** How the checker scores it: from the expectation and the number of tools. */
  checkCategory: CheckCategory;
  tools: readonly Tool[];
  /** Cases with the same key share a tool set (and so a prompt prefix). */
  toolsKey: string;
  functions: readonly FunctionDoc[];
  messages: readonly ChatMessage[];
  expect: Expectation;
  range: CaseRange;
}

/** A suite without its cases: what filters and reports name (a replay reads the cases one by one). */
export interface SuiteInfo {
  /** The file as given (its path, or a URI in the editor). */
  file: string;
  name: string;
  /** SHA-256 of the suite text. */
  sha256: string;
  defaults: SuiteDefaults;
}

export interface Suite extends SuiteInfo {
  cases: SuiteCase[];
}

/** Reads the text of a tools file a suite names (relative to the suite); undefined when unreadable. */
export type SuiteToolsResolver = (ref: string) => { text: string; file: string } | undefined;
