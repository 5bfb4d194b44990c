import { LineIndex, type Diagnostic, type FixData, type JsonPath, type Span } from './diagnostic';
import type { FormatId } from '../formats/types';
import { RULES, type RuleCode } from './rules';

export interface RawDiagnostic {
  code: RuleCode;
  message: string;
  span: Span;
  data?: FixData;
  relatedPath?: JsonPath;
  /** An array index to put in front of `relatedPath` (results cached per tool are relative to it). */
  pathBase?: number;
}

export interface Extra {
  data?: FixData;
  path?: JsonPath;
}

/** Limits that keep linting bounded on any input. */
export interface LintOptions {
  /** Stop checking tools/entries after this many milliseconds (default 2,000). */
  budgetMs?: number;
  /** Keep at most this many diagnostics (default 1,000); the rest are summarised. */
  maxDiagnostics?: number;
  /** Clock, for tests (default `performance.now`). */
  now?: () => number;
  /** The format the tools are for: `fc-v1-loss` is only reported for fc-v1 (or when unset). */
  format?: FormatId;
}

const DEFAULT_BUDGET_MS = 2000;
const DEFAULT_MAX_DIAGNOSTICS = 1000;

/** Collects diagnostics as spans; `finish` turns them into sorted, positioned Diagnostics. */
export class Reporter {
  private readonly items: RawDiagnostic[] = [];
  private dropped = 0;
  private errors = 0;
  private readonly max: number;
  private readonly deadline: number;
  private readonly now: () => number;

  constructor(
    private readonly text: string,
    options: LintOptions = {},
  ) {
    this.max = options.maxDiagnostics ?? DEFAULT_MAX_DIAGNOSTICS;
    this.now = options.now ?? (() => performance.now());
    this.deadline = this.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  }

  add(code: RuleCode, span: Span | undefined, message: string, extra: Extra = {}): void {
    const item: RawDiagnostic = { code, message, span: span ?? { offset: 0, length: 0 } };
    if (extra.data !== undefined) item.data = extra.data;
    if (extra.path !== undefined) item.relatedPath = extra.path;
    this.addRaw(item);
  }

  addRaw(item: RawDiagnostic): void {
    if (RULES[item.code].severity === 'error') this.errors++;
    // Past 10x the limit nothing more is kept (memory); `finish` keeps the most severe. Where the
    // lint gave up is always kept: without it a truncated result looks complete.
    if (this.items.length >= 10 * this.max && item.code !== 'lint-gave-up') this.dropped++;
    else this.items.push(item);
  }

  /** How many diagnostics are kept at most before `finish` (callers that buffer stop there too). */
  get capacity(): number {
    return 10 * this.max;
  }

  /** Counts diagnostics a caller found but did not keep (past `capacity`). */
  drop(count: number): void {
    this.dropped += count;
  }

  /** What was reported so far, as spans (for callers that cache and re-base them). */
  raw(): readonly RawDiagnostic[] {
    return this.items;
  }

  /** Errors reported so far (a rule can check whether an earlier one failed the same node). */
  get errorCount(): number {
    return this.errors;
  }

  /** True once the time budget is spent: callers stop early and say so. */
  get timeUp(): boolean {
    return this.now() > this.deadline;
  }

  /** Runs one rule; a throw becomes an `internal-error` diagnostic instead of ending the lint. */
  guard(span: Span | undefined, what: string, rule: () => void): void {
    try {
      rule();
    } catch (error) {
      this.add('internal-error', span, `internal error while checking ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** `lines`: a line index of this text the caller already has. */
  finish(lines: LineIndex = new LineIndex(this.text)): Diagnostic[] {
    let kept = this.items;
    if (kept.length > this.max) {
      // The most severe first, each severity in document order; plus every lint-gave-up.
      const gaveUp = this.items.filter((d) => d.code === 'lint-gave-up');
      const rest = (['error', 'warning', 'info'] as const).flatMap((severity) => this.items.filter((d) => d.code !== 'lint-gave-up' && RULES[d.code].severity === severity));
      kept = [...rest.slice(0, this.max), ...gaveUp];
      this.dropped += rest.length - Math.min(rest.length, this.max);
    }
    if (this.dropped > 0) {
      kept.push({ code: 'lint-gave-up', message: `${this.dropped} more diagnostics not shown (limit ${this.max}; errors are kept first)`, span: { offset: this.text.length, length: 0 } });
    }
    return kept
      .sort((a, b) => a.span.offset - b.span.offset || a.span.length - b.span.length)
      .map((raw) => {
        const out: Diagnostic = { code: raw.code, severity: RULES[raw.code].severity, message: raw.message, range: lines.range(raw.span) };
        if (raw.data !== undefined) out.data = raw.data;
        if (raw.pathBase !== undefined) out.relatedPath = [raw.pathBase, ...(raw.relatedPath ?? [])];
        else if (raw.relatedPath !== undefined) out.relatedPath = raw.relatedPath;
        return out;
      });
  }
}
