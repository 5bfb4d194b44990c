/**
 * Small helpers for writing GBNF (llama.cpp's grammar format) by hand.
 */

/** A GBNF string literal for `text`, escaping what GBNF's parser treats specially. */
export function literal(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Collects named rules; names are sanitised and made unique. */
export class RuleSet {
  private readonly rules = new Map<string, string>();

  /** Adds a rule and returns its (possibly suffixed) name. */
  add(wanted: string, body: string): string {
    const base = wanted.replace(/[^a-zA-Z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '') || 'r';
    let name = base;
    for (let i = 2; this.rules.has(name); i++) name = `${base}-${i}`;
    this.rules.set(name, body);
    return name;
  }

  /** Reserves a name now and sets its body later (for recursive $ref targets). */
  reserve(wanted: string): string {
    return this.add(wanted, '""');
  }

  set(name: string, body: string): void {
    this.rules.set(name, body);
  }

  has(name: string): boolean {
    return this.rules.has(name);
  }

  toString(): string {
    return [...this.rules].map(([name, body]) => `${name} ::= ${body}`).join('\n') + '\n';
  }
}
