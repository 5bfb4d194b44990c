import { findNameSpans, type NameSpan } from './nameSpans';
import type { CallConfidence, NameAlternative, TokenStep } from './types';

/** Alternatives listed at most (the chosen name is always among them). */
const MAX_ALTERNATIVES = 5;

export interface ConfidenceOptions {
  /**
   * The distributions are the model's own but the run was constrained to the tools (a grammar):
   * at each name token only the candidates that keep to a tool name count, renormalised, as the
   * grammar's sampler saw them. Exact when the candidates hold all of the mass the tools allow.
   */
  toolsOnly?: boolean;
}

/**
 * Each call's confidence from the tokens that wrote the output: `names` are the parsed calls' names
 * in order, `toolNames` the request's tools. Null for a call whose name is not found in the tokens.
 * Only the steps of name tokens are read (`nameTokenIndices`): the others need no distribution.
 */
export function callConfidences(steps: readonly TokenStep[], names: readonly string[], toolNames: readonly string[], options: ConfidenceOptions = {}): (CallConfidence | null)[] {
  const tokens = tokensOf(steps);
  return findNameSpans(tokens.text, names).map((span, index) => {
    const name = names[index];
    if (span === undefined || name === undefined) return null;
    const covering = coveringTokens(tokens, span);
    const scored = options.toolsOnly === true ? { ...tokens, steps: restrictToTools(tokens, covering, span, toolNames) } : tokens;
    return nameConfidence(scored, covering, span, name, toolNames);
  });
}

/** The indices of the tokens that write each call's name (undefined where the name is not found). */
export function nameTokenIndices(pieces: readonly string[], names: readonly string[]): (number[] | undefined)[] {
  const tokens = tokensOf(pieces.map((piece) => ({ piece, p: 1, candidates: [] })));
  return findNameSpans(tokens.text, names).map((span) => (span === undefined ? undefined : coveringTokens(tokens, span)));
}

function tokensOf(steps: readonly TokenStep[]): Tokens {
  const offsets: number[] = [];
  let text = '';
  for (const step of steps) {
    offsets.push(text.length);
    text += step.piece;
  }
  return { steps, offsets, text };
}

interface Tokens {
  steps: readonly TokenStep[];
  /** Character offset of each step's piece in `text`. */
  offsets: readonly number[];
  text: string;
}

/**
 * The tokens that write a name's characters. The first may carry the opening quote and the last the
 * closing one with what follows (`",`): their probability is counted whole, a small approximation.
 */
function coveringTokens(tokens: Tokens, span: NameSpan): number[] {
  const covering: number[] = [];
  tokens.steps.forEach((step, i) => {
    const at = tokens.offsets[i] ?? 0;
    if (step.piece.length > 0 && at < span.end && at + step.piece.length > span.start) covering.push(i);
  });
  return covering;
}

/** The steps with each name token's candidates cut to those that keep to a tool name, renormalised. */
function restrictToTools(tokens: Tokens, covering: readonly number[], span: NameSpan, toolNames: readonly string[]): TokenStep[] {
  const steps = [...tokens.steps];
  for (const i of covering) {
    const step = steps[i];
    if (step === undefined) continue;
    const at = tokens.offsets[i] ?? 0;
    // A token that writes nothing (a special token read as text) is no way to write a name.
    const allowed = (piece: string): boolean => {
      if (piece === '') return false;
      const rel = nameText(piece, at, span, tokens.text);
      return rel !== undefined && toolNames.some((name) => fits(rel, name));
    };
    const kept = step.candidates.filter((c) => c.p > 0 && allowed(c.piece));
    const mass = kept.reduce((sum, c) => sum + c.p, 0);
    if (mass <= 0 || !allowed(step.piece)) continue;
    steps[i] = { piece: step.piece, p: Math.min(1, step.p / mass), candidates: kept.map((c) => ({ piece: c.piece, p: Math.min(1, c.p / mass) })) };
  }
  return steps;
}

function nameConfidence(tokens: Tokens, covering: readonly number[], span: NameSpan, chosen: string, toolNames: readonly string[]): CallConfidence | null {
  // A token whose probability was not read (outside the candidates an engine kept) leaves it unknown.
  if (covering.length === 0 || covering.some((i) => !((tokens.steps[i]?.p ?? 0) > 0))) return null;
  let p = 1;
  for (const i of covering) p *= consistentMass(tokens, i, span, chosen);
  for (const i of covering) {
    const alternatives = divergence(tokens, i, span, chosen, toolNames);
    if (alternatives !== undefined) return { p: Math.min(1, p), alternatives };
  }
  return { p: Math.min(1, p), alternatives: [] };
}

/**
 * The probability, at step `i`, of going on towards the chosen name: the chosen token's and that
 * of every other candidate that still spells it (`pin` where `ping` was written: a vocabulary can
 * spell a name several ways, and the model's mass for the name is split between them). Counting
 * only the written token made a one-tool grammar's forced name read 0.51.
 */
function consistentMass(tokens: Tokens, i: number, span: NameSpan, chosen: string): number {
  const step = tokens.steps[i];
  if (step === undefined) return 0;
  const at = tokens.offsets[i] ?? 0;
  let mass = 0;
  let sawChosen = false;
  for (const c of step.candidates) {
    if (!(c.p > 0) || c.piece === '') continue;
    if (c.piece === step.piece) sawChosen = true;
    const rel = nameText(c.piece, at, span, tokens.text);
    if (rel !== undefined && fits(rel, chosen)) mass += c.p;
  }
  if (!sawChosen) mass += step.p;
  return Math.min(1, Math.max(mass, step.p));
}

/**
 * At step `i`, when a candidate leads away from the chosen name: each name the candidates lead to,
 * with the summed probability of the candidates consistent with it. A candidate that fits several
 * names (`get_` before `get_weather` and `get_forecast` part) counts for each, so the figures are
 * per-name upper bounds at this token, not a distribution; the tokens after it are not weighed.
 */
function divergence(tokens: Tokens, i: number, span: NameSpan, chosen: string, toolNames: readonly string[]): NameAlternative[] | undefined {
  const step = tokens.steps[i];
  if (step === undefined) return undefined;
  const at = tokens.offsets[i] ?? 0;
  const leads = step.candidates
    .filter((c) => c.p > 0 && c.piece !== '')
    .map((c) => ({ p: c.p, rel: nameText(c.piece, at, span, tokens.text) }))
    .filter((c): c is { p: number; rel: string } => c.rel !== undefined);
  if (leads.every((c) => fits(c.rel, chosen))) return undefined;
  const totals = new Map<string, number>();
  const add = (name: string, p: number): void => void totals.set(name, (totals.get(name) ?? 0) + p);
  for (const lead of leads) {
    const names = toolNames.filter((name) => fits(lead.rel, name));
    if (fits(lead.rel, chosen) && !names.includes(chosen)) names.push(chosen);
    if (names.length > 0) for (const name of new Set(names)) add(name, lead.p);
    else {
      const label = unknownName(lead.rel);
      if (label !== '') add(label, lead.p);
    }
  }
  // The sampled token may be outside the candidates kept (a warm temperature's unlikely pick).
  if (!totals.has(chosen)) add(chosen, step.p);
  const sorted = [...totals].map(([name, p]) => ({ name, p: Math.min(1, p) })).sort((a, b) => b.p - a.p);
  const top = sorted.slice(0, MAX_ALTERNATIVES);
  const own = sorted.find((a) => a.name === chosen);
  if (own !== undefined && !top.includes(own)) top[top.length - 1] = own;
  return top;
}

/**
 * What the name would read with this candidate at the token starting at `at`: the name's
 * characters before the token, then the candidate's. Undefined when the candidate does not write
 * the name's opening (a token that starts before the name and writes something else there).
 */
function nameText(piece: string, at: number, span: NameSpan, text: string): string | undefined {
  if (at >= span.start) return text.slice(span.start, at) + piece;
  const lead = text.slice(at, span.start);
  return piece.startsWith(lead) ? piece.slice(lead.length) : undefined;
}

/** `rel` (a name's beginning, maybe with its closing quote and more) can still become `name`. */
function fits(rel: string, name: string): boolean {
  return name.startsWith(rel) || rel.startsWith(`${name}"`);
}

function unknownName(rel: string): string {
  const quote = rel.indexOf('"');
  return quote >= 0 ? rel.slice(0, quote) : `${rel}…`;
}
