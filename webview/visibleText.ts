/*
 * Splits block text into plain runs and "special" characters that would otherwise be invisible
 * (newlines, tabs, controls, zero-width and non-breaking spaces). Pure: no DOM, so node:test
 * imports it. The view keeps each special character as real text and draws its glyph with CSS
 * `::before`, so the panel's text is still exactly the prompt (and copies as the prompt).
 */

export type SpecialName = 'newline' | 'carriageReturn' | 'tab' | 'control' | 'invisible';

export type TextPiece = { text: string } | { text: string; special: SpecialName; glyph: string };

/** Characters that render as nothing (or as an ordinary space) but matter to a tokenizer. */
const INVISIBLE = new Set([0x00a0, 0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x180e, 0x2028, 0x2029, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x3164, 0xfeff]);

function codePointLabel(code: number): string {
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** The glyph shown for one UTF-16 unit, or undefined for an ordinary character. */
export function specialOf(code: number): { special: SpecialName; glyph: string } | undefined {
  if (code === 0x0a) return { special: 'newline', glyph: '↵' };
  if (code === 0x0d) return { special: 'carriageReturn', glyph: '␍' };
  if (code === 0x09) return { special: 'tab', glyph: '→' };
  // C0 controls have Unicode "control pictures" at U+2400 + code; DEL's is U+2421.
  if (code < 0x20) return { special: 'control', glyph: String.fromCharCode(0x2400 + code) };
  if (code === 0x7f) return { special: 'control', glyph: '␡' };
  if (code >= 0x80 && code <= 0x9f) return { special: 'control', glyph: codePointLabel(code) };
  if (INVISIBLE.has(code) || (code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
    return { special: 'invisible', glyph: codePointLabel(code) };
  }
  return undefined;
}

/** Plain runs and one piece per special character; joined, the pieces' texts are `text`. */
export function visiblePieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const special = specialOf(text.charCodeAt(i));
    if (special === undefined) continue;
    if (i > runStart) pieces.push({ text: text.slice(runStart, i) });
    pieces.push({ text: text.charAt(i), ...special });
    runStart = i + 1;
  }
  if (runStart < text.length) pieces.push({ text: text.slice(runStart) });
  return pieces;
}
