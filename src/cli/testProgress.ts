import type { PlannedCase } from '../core/suite/plan';
import type { TrialOutcome } from '../core/suite/runCases';
import { casePassed } from '../core/suite/summary';
import type { CliIo } from './io';

const BAR = 24;

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/**
 * `xlam-lab test` progress on stderr: on a terminal one redrawn line (a bar, cases done/total,
 * pass/fail so far, tokens/s, ETA) with failed cases printed above it; otherwise one plain line
 * per case, which logs and CI keep readable.
 */
export class TestProgress {
  private readonly started = performance.now();
  private trialsDone = 0;
  private cases = 0;
  private passed = 0;
  private failed = 0;
  private tokens = 0;
  private decodeMs = 0;
  private drawn = false;

  constructor(
    private readonly io: CliIo,
    private readonly totalCases: number,
    private readonly totalTrials: number,
  ) {}

  private get terminal(): boolean {
    return this.io.stderrIsTerminal === true;
  }

  trialDone(outcome: TrialOutcome): void {
    this.trialsDone++;
    const t = outcome.timings;
    if (t !== undefined && t.tokensPerSecond > 0) {
      this.tokens += t.completionTokens;
      this.decodeMs += (t.completionTokens / t.tokensPerSecond) * 1000;
    }
    if (this.terminal) this.draw();
  }

  caseDone(planned: PlannedCase, outcomes: readonly TrialOutcome[]): void {
    this.cases++;
    const ok = casePassed(outcomes);
    if (ok) this.passed++;
    else this.failed++;
    const first = outcomes.find((o) => !o.verdict.valid) ?? outcomes[0];
    const ms = outcomes.reduce((total, o) => total + o.wallMs, 0);
    const t = first?.timings;
    const tokens = t === undefined ? '' : `, prompt ${t.promptTokens} tokens (${t.cachedPromptTokens} reused)`;
    const trials = outcomes.length > 1 ? `, ${outcomes.filter((o) => o.verdict.valid).length}/${outcomes.length} trials` : '';
    const line = `${ok ? 'pass' : 'FAIL'} ${planned.suite.name} › ${planned.item.id} (${ms} ms${tokens}${trials})${ok || first === undefined ? '' : `: ${first.verdict.message}`}`;
    if (this.terminal) {
      if (ok) return this.draw();
      this.clear();
      this.io.stderr(`${line}\n`);
      this.draw();
    } else {
      this.io.stderr(`[${this.cases}/${this.totalCases}] ${line}\n`);
    }
  }

  finish(): void {
    if (this.terminal && this.drawn) {
      this.draw();
      this.io.stderr('\n');
    }
  }

  /** The status line: cases done/total, pass/fail so far, decode speed, time left. */
  status(): string {
    const elapsed = performance.now() - this.started;
    const left = this.trialsDone === 0 ? undefined : (elapsed / this.trialsDone) * (this.totalTrials - this.trialsDone);
    const fill = this.totalTrials === 0 ? BAR : Math.round((this.trialsDone / this.totalTrials) * BAR);
    const speed = this.decodeMs > 0 ? ((this.tokens * 1000) / this.decodeMs).toFixed(1) : '—';
    return `[${'#'.repeat(fill)}${'.'.repeat(BAR - fill)}] ${this.cases}/${this.totalCases} cases · ${this.passed} passed, ${this.failed} failed · ${speed} tok/s · ETA ${left === undefined ? '—' : duration(left)}`;
  }

  private draw(): void {
    this.io.stderr(`\r\x1b[2K${this.status()}`);
    this.drawn = true;
  }

  private clear(): void {
    if (this.drawn) this.io.stderr('\r\x1b[2K');
  }
}
