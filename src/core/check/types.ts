import type { JsonObject, JsonValue } from '../json/jsonValue';

/** `bfcl` reproduces BFCL's AST checker, quirks included; `default` drops the quirks that reject correct calls. */
export const CHECKER_MODES = ['bfcl', 'default'] as const;
export type CheckerMode = (typeof CHECKER_MODES)[number];

/** BFCL's single-turn categories this checker covers. */
export const CHECK_CATEGORIES = ['simple', 'multiple', 'parallel', 'parallel_multiple', 'irrelevance'] as const;
export type CheckCategory = (typeof CHECK_CATEGORIES)[number];

/** The parameter type names of BFCL's function docs (Python categories). */
export const BFCL_TYPES = ['string', 'integer', 'float', 'boolean', 'array', 'tuple', 'dict', 'any'] as const;
export type BfclType = (typeof BFCL_TYPES)[number];

export interface ParamDoc {
  type: BfclType;
  /** `items.type` of an array or tuple (BFCL checks one level of nesting). */
  itemsType?: BfclType;
  /** The declared `default`, when the doc gives one. */
  default?: JsonValue;
}

/** One entry of BFCL's function doc list: `{"name", "parameters": {"type": "dict", "properties", "required"}}`. */
export interface FunctionDoc {
  name: string;
  params: ReadonlyMap<string, ParamDoc>;
  required: readonly string[];
}

/**
 * One call of a possible answer, `{"fn": {"param": [values…]}}`: every accepted value per
 * parameter; `""` among them means the parameter may be left out.
 */
export interface ExpectedCall {
  name: string;
  params: ReadonlyMap<string, readonly JsonValue[]>;
}

/** One decoded model call, `{"fn": {args}}`. */
export interface ModelCall {
  name: string;
  args: JsonObject;
}

/**
 * A decoded model output. BFCL scores an output that is not a list of one-key `{fn: {args}}`
 * objects as a format error (and, for irrelevance, as no call at all).
 */
export type DecodedOutput = { ok: true; calls: ModelCall[] } | { ok: false; reason: string };

export interface CheckVerdict {
  valid: boolean;
  /** BFCL's error type string, e.g. `value_error:string`; null when valid. */
  errorType: string | null;
  message: string;
}

export interface CheckOptions {
  mode: CheckerMode;
  /**
   * Parallel categories only: match calls in order (BFCL's `parallel_function_checker_enforce_order`,
   * which its dispatcher no longer uses) instead of in any order.
   */
  enforceOrder?: boolean;
}

export const VALID: CheckVerdict = { valid: true, errorType: null, message: 'valid' };

export function invalid(errorType: string, message: string): CheckVerdict {
  return { valid: false, errorType, message };
}
