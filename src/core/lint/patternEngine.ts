import { maxPatternInput, patternRisk } from './regexSafety';

/** A pattern test the lint did not run, and why (reported as call-args-unchecked). */
export interface PatternSkip {
  pattern: string;
  reason: string;
  /** The string (an argument value, or a key for patternProperties) it was not tested on. */
  input: string;
}

let log: PatternSkip[] | undefined;

/** Runs `fn` (an ajv validation) and returns the pattern tests it skipped. */
export function collectPatternSkips<T>(fn: () => T): { value: T; skips: PatternSkip[] } {
  const previous = log;
  const skips: PatternSkip[] = [];
  log = skips;
  try {
    return { value: fn(), skips };
  } finally {
    log = previous;
  }
}

/**
 * What ajv's `pattern` and `patternProperties` call instead of `new RegExp` (ajv's `code.regExp`
 * option): a pattern that could take exponential time (regexSafety.ts) is never run, and one of
 * polynomial cost only on strings short enough to stay within a fixed number of steps. A skipped
 * test passes and is logged, so the caller says which argument was not checked. It never throws:
 * an invalid pattern (reported by the tools lint as pattern-invalid) is skipped the same way, so
 * the rest of the schema still compiles and checks.
 */
class GuardedPattern {
  private readonly native: RegExp | undefined;
  private readonly problem: string | undefined;
  private readonly maxInput: number;

  constructor(
    private readonly source: string,
    private readonly flags: string,
  ) {
    let native: RegExp | undefined;
    let problem: string | undefined;
    try {
      native = new RegExp(source, flags);
    } catch (error) {
      problem = `it is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`;
    }
    const risk = patternRisk(source);
    if (problem === undefined && risk.exponential !== undefined) problem = `it can take exponential time: ${risk.exponential}`;
    this.native = native;
    this.problem = problem;
    this.maxInput = maxPatternInput(risk.degree);
  }

  test(input: string): boolean {
    if (this.problem !== undefined || this.native === undefined) {
      log?.push({ pattern: this.source, reason: this.problem ?? 'it does not compile', input });
      return true;
    }
    if (input.length > this.maxInput) {
      log?.push({ pattern: this.source, reason: `the string has ${input.length} characters; this pattern is only run on up to ${this.maxInput} (its backtracking grows as a power of the length)`, input });
      return true;
    }
    return this.native.test(input);
  }

  toString(): string {
    return `/${this.source}/${this.flags}`;
  }
}

/** ajv's RegExpEngine: a function plus the `code` ajv would print for standalone code (unused). */
export const guardedRegExp = Object.assign((source: string, flags: string) => new GuardedPattern(source, flags), { code: 'guardedRegExp' });
