import { ALL, complement, DIGIT, LINE_TERMINATORS, normalize, SPACE, WORD, type Ranges } from './charSets';

/*
 * A reader of JavaScript regex syntax (unicode mode) into terms and atoms, enough for
 * regexSafety.ts: character sets as ranges, groups, assertions and quantifiers.
 */

/** One quantified element of a sequence. */
export interface Term {
  atom: Atom;
  min: number;
  max: number;
}

export type Atom = { kind: 'set'; set: Ranges } | { kind: 'group'; branches: Term[][]; lookaround: boolean } | { kind: 'assert'; anchor: boolean };

/** A syntax this reader does not follow: the pattern is then treated as risky. */
export class Unreadable extends Error {}

export class Reader {
  private i = 0;

  constructor(private readonly src: string) {}

  read(): Term[][] {
    const branches = this.alternation();
    if (this.i < this.src.length) throw new Unreadable(`unexpected ${this.src[this.i] ?? ''}`);
    return branches;
  }

  private alternation(): Term[][] {
    const branches: Term[][] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return branches;
  }

  private sequence(): Term[] {
    const terms: Term[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      const [min, max] = this.quantifier();
      terms.push({ atom, min, max });
    }
    return terms;
  }

  private quantifier(): [number, number] {
    const c = this.src[this.i];
    let range: [number, number] | undefined;
    if (c === '*') range = [0, Infinity];
    else if (c === '+') range = [1, Infinity];
    else if (c === '?') range = [0, 1];
    if (range !== undefined) this.i++;
    else if (c === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i, this.i + 40));
      if (match === null) return [1, 1];
      this.i += match[0].length;
      const min = Number(match[1]);
      range = [min, match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3])];
    } else return [1, 1];
    if (this.src[this.i] === '?') this.i++; // lazy: the same backtracking, in another order
    return range;
  }

  private atom(): Atom {
    const c = this.src[this.i] as string;
    this.i++;
    if (c === '^' || c === '$') return { kind: 'assert', anchor: c === '^' };
    if (c === '.') return { kind: 'set', set: complement(LINE_TERMINATORS) };
    if (c === '[') return { kind: 'set', set: this.characterClass() };
    if (c === '(') return this.group();
    if (c === '\\') return this.escape(false);
    return { kind: 'set', set: [[c.codePointAt(0) as number, c.codePointAt(0) as number]] };
  }

  private group(): Atom {
    let lookaround = false;
    if (this.src[this.i] === '?') {
      const head = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(this.src.slice(this.i, this.i + 80));
      if (head === null) throw new Unreadable('group');
      lookaround = /^\?(?:=|!|<=|<!)$/.test(head[0]);
      this.i += head[0].length;
    }
    const branches = this.alternation();
    if (this.src[this.i] !== ')') throw new Unreadable('unclosed group');
    this.i++;
    return { kind: 'group', branches, lookaround };
  }

  /** After a backslash: a character set, an assertion (\b), or one character. */
  private escape(inClass: boolean): Atom {
    const c = this.src[this.i];
    if (c === undefined) throw new Unreadable('trailing backslash');
    this.i++;
    const sets: Record<string, Ranges> = { d: DIGIT, D: complement(DIGIT), w: WORD, W: complement(WORD), s: SPACE, S: complement(SPACE) };
    const set = sets[c];
    if (set !== undefined) return { kind: 'set', set };
    if (!inClass && (c === 'b' || c === 'B')) return { kind: 'assert', anchor: false };
    if (c === 'p' || c === 'P') {
      const close = this.src.indexOf('}', this.i);
      this.i = close < 0 ? this.src.length : close + 1;
      return { kind: 'set', set: ALL };
    }
    // A back-reference matches what its group matched: any characters, for overlap purposes.
    if (!inClass && /[1-9]/.test(c)) {
      while (/[0-9]/.test(this.src[this.i] ?? '')) this.i++;
      return { kind: 'set', set: ALL };
    }
    if (!inClass && c === 'k' && this.src[this.i] === '<') {
      const close = this.src.indexOf('>', this.i);
      this.i = close < 0 ? this.src.length : close + 1;
      return { kind: 'set', set: ALL };
    }
    const code = this.escapedCode(c);
    return { kind: 'set', set: [[code, code]] };
  }

  private escapedCode(c: string): number {
    const simple: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, '0': 0, b: 8 };
    if (simple[c] !== undefined) return simple[c];
    if (c === 'x') {
      const hex = this.src.slice(this.i, this.i + 2);
      this.i += 2;
      return parseInt(hex, 16);
    }
    if (c === 'u') {
      if (this.src[this.i] === '{') {
        const close = this.src.indexOf('}', this.i);
        const code = parseInt(this.src.slice(this.i + 1, close), 16);
        this.i = close + 1;
        return code;
      }
      const code = parseInt(this.src.slice(this.i, this.i + 4), 16);
      this.i += 4;
      return code;
    }
    if (c === 'c') {
      const letter = this.src.charCodeAt(this.i);
      this.i++;
      return letter % 32;
    }
    return c.codePointAt(0) as number;
  }

  private characterClass(): Ranges {
    let negated = false;
    if (this.src[this.i] === '^') {
      negated = true;
      this.i++;
    }
    // Collected, then merged once: a class of thousands of characters stays linear-ish.
    const ranges: Ranges = [];
    const single = (): Ranges | number => {
      const c = this.src[this.i];
      if (c === undefined) throw new Unreadable('unclosed class');
      if (c === '\\') {
        this.i++;
        const atom = this.escape(true);
        const set = atom.kind === 'set' ? atom.set : ALL;
        return set.length === 1 && set[0]?.[0] === set[0]?.[1] ? (set[0]?.[0] as number) : set;
      }
      const code = this.src.codePointAt(this.i) as number;
      this.i += code > 0xffff ? 2 : 1;
      return code;
    };
    while (this.src[this.i] !== ']') {
      const from = single();
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && typeof from === 'number') {
        this.i++;
        const to = single();
        ranges.push(typeof to === 'number' ? [from, to] : [from, from]);
        if (typeof to !== 'number') ranges.push(...to);
      } else {
        if (typeof from === 'number') ranges.push([from, from]);
        else ranges.push(...from);
      }
    }
    this.i++;
    const merged = normalize(ranges);
    return negated ? complement(merged) : merged;
  }
}
