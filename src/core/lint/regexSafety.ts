import { overlaps, union, type Ranges } from './charSets';
import { Reader, type Atom, type Term } from './regexReader';

/**
 * How expensive a JavaScript regular expression (unicode mode, as ajv compiles `pattern`) can be
 * on a backtracking engine, from its syntax alone, so the lint never runs a pattern that could
 * hang it. Two findings:
 * - `exponential`: a repeated group whose iterations can split one string in many ways, from a
 *   nested quantifier (`(a+)+`, `(\w+\s?)*`) or alternatives that can start alike (`(a|ab)*`).
 *   A group whose every alternative has a mandatory character nothing else in it can match
 *   (`([a-z]+\.)+`, `(\d{1,3}\.){3}`) is not: that character fixes where iterations end.
 * - `degree`: how many unbounded repeats that can eat the same characters follow each other
 *   (`\d+\d*` is 2; an unanchored pattern adds 1 for the start positions tried): the match
 *   time is at most about n^degree, so inputs are capped at a length that keeps that bounded.
 * Over-approximate by design: a safe pattern may be called risky, never the reverse for the
 * shapes above (the classic ReDoS families).
 */

/** Characters an atom can match anywhere inside it (over-approximated). */
const charsCache = new WeakMap<Atom, Ranges>();

function charsOf(atom: Atom): Ranges {
  if (atom.kind === 'set') return atom.set;
  if (atom.kind === 'assert' || atom.lookaround) return [];
  const hit = charsCache.get(atom);
  if (hit !== undefined) return hit;
  const chars = atom.branches.reduce<Ranges>((acc, branch) => branch.reduce((inner, term) => union(inner, charsOf(term.atom)), acc), []);
  charsCache.set(atom, chars);
  return chars;
}

function nullableTerm(term: Term): boolean {
  if (term.min === 0 || term.atom.kind === 'assert') return true;
  if (term.atom.kind === 'set') return false;
  return term.atom.lookaround || term.atom.branches.some((branch) => branch.every(nullableTerm));
}

/** Characters a sequence can start with. */
function firstOf(terms: readonly Term[]): Ranges {
  let out: Ranges = [];
  for (const term of terms) {
    const atom = term.atom;
    if (atom.kind === 'set') out = union(out, atom.set);
    else if (atom.kind === 'group' && !atom.lookaround) out = union(out, atom.branches.reduce<Ranges>((acc, branch) => union(acc, firstOf(branch)), []));
    if (!nullableTerm(term)) break;
  }
  return out;
}

/** Some term inside can repeat a varying number of times (a quantifier with min < max, max ≥ 2). */
function hasVariableRepeat(branches: readonly Term[][]): boolean {
  return branches.some((branch) => branch.some((term) => (term.max >= 2 && term.min < term.max) || (term.atom.kind === 'group' && hasVariableRepeat(term.atom.branches))));
}

/** A mandatory one-character term no other term of the branch can match: iterations end there. */
function hasSeparator(branch: readonly Term[]): boolean {
  const chars = branch.map((term) => charsOf(term.atom));
  // Unions of the chars of every term before and after each index (linear, not quadratic).
  const before: Ranges[] = [[]];
  for (const set of chars) before.push(union(before[before.length - 1] as Ranges, set));
  const after: Ranges[] = [];
  after[chars.length] = [];
  for (let k = chars.length - 1; k >= 0; k--) after[k] = union(after[k + 1] as Ranges, chars[k] as Ranges);
  return branch.some((term, k) => term.atom.kind === 'set' && term.min >= 1 && term.max === term.min && !overlaps(term.atom.set, union(before[k] as Ranges, after[k + 1] as Ranges)));
}

export interface PatternRisk {
  /** Why the pattern can take exponential time; undefined when it cannot (by these rules). */
  exponential?: string;
  /** Unbounded repeats that can eat the same characters in a row (+1 unanchored); 0: linear. */
  degree: number;
}

/** Repeats of at most this many count as bounded for `degree` (`\d{1,3}`). */
const BOUNDED_REPEAT = 16;

function findExponential(branches: readonly Term[][], depth: number): string | undefined {
  if (depth > 200) return 'groups nested too deeply to analyse';
  for (const branch of branches) {
    for (const term of branch) {
      if (term.atom.kind !== 'group') continue;
      const inner = term.atom.branches;
      if (term.max >= 2) {
        if (hasVariableRepeat(inner) && !inner.every(hasSeparator)) return 'a repeated group holds a quantifier, so iterations can split a string in many ways (nested quantifiers such as (a+)+)';
        const firsts = inner.map(firstOf);
        for (let a = 0; a < firsts.length; a++) {
          for (let b = a + 1; b < firsts.length; b++) {
            if (overlaps(firsts[a] as Ranges, firsts[b] as Ranges)) return 'a repeated group has alternatives that can start with the same character (such as (a|ab)*)';
          }
        }
      }
      const nested = findExponential(inner, depth + 1);
      if (nested !== undefined) return nested;
    }
  }
  return undefined;
}

function degreeOf(branches: readonly Term[][], depth: number): number {
  if (depth > 200) return 8;
  let best = 0;
  for (const branch of branches) {
    let chain: Ranges = [];
    let k = 0;
    for (const term of branch) {
      const atom = term.atom;
      if (atom.kind === 'assert' || (atom.kind === 'group' && atom.lookaround)) continue;
      const chars = charsOf(atom);
      const inner = atom.kind === 'group' ? degreeOf(atom.branches, depth + 1) : 0;
      const unbounded = term.max > BOUNDED_REPEAT && term.min < term.max;
      const weight = (unbounded ? 1 : 0) + inner;
      if (weight > 0) {
        if (k > 0 && overlaps(chain, chars)) {
          k += weight;
          chain = union(chain, chars);
        } else {
          k = weight;
          chain = chars;
        }
      } else if (term.min >= 1 && !overlaps(chain, chars)) {
        k = 0; // a mandatory character the repeats before cannot eat: backtracking stops here
        chain = [];
      }
      best = Math.max(best, k);
    }
  }
  return best;
}

const cache = new Map<string, PatternRisk>();

/** The risk of a pattern that compiles (`new RegExp(source, 'u')`); cached by source. */
export function patternRisk(source: string): PatternRisk {
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  let risk: PatternRisk;
  try {
    const branches = new Reader(source).read();
    const exponential = findExponential(branches, 0);
    const degree = degreeOf(branches, 0);
    const anchored = branches.every((branch) => branch[0]?.atom.kind === 'assert' && branch[0].atom.anchor);
    risk = exponential !== undefined ? { exponential, degree } : { degree: degree === 0 || anchored ? degree : degree + 1 };
  } catch (error) {
    risk = { exponential: `its syntax could not be analysed (${error instanceof Error ? error.message : String(error)})`, degree: 8 };
  }
  if (cache.size > 2000) cache.clear();
  cache.set(source, risk);
  return risk;
}

/** Backtracking steps allowed for one test: about n^degree of them for a string of length n. */
const STEP_BUDGET = 2e7;

/** The longest string a pattern of this degree is tested on (Infinity: linear, no limit). */
export function maxPatternInput(degree: number): number {
  return degree <= 1 ? Infinity : Math.floor(STEP_BUDGET ** (1 / degree));
}
