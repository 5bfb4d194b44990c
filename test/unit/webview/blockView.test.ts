import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderQuery } from '../../../src/core/formats/render';
import { FORMAT_IDS, VARIANTS } from '../../../src/core/formats/types';
import { parseToolsText } from '../../../src/core/loadInputs';
import { charCount, formatShare, summarizeBlocks } from '../../../webview/blockSummary';
import { visiblePieces, type TextPiece } from '../../../webview/visibleText';

const TOOLS = parseToolsText('[{"name": "get_weather", "description": "Weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]');

/** The pieces as a readable string: specials as ⟦name glyph⟧. */
function show(pieces: TextPiece[]): string {
  return pieces.map((piece) => ('special' in piece ? `⟦${piece.special} ${piece.glyph}⟧` : piece.text)).join('');
}

void describe('visiblePieces (special characters made visible)', () => {
  void it('marks each newline, tab and carriage return and keeps the text around them', () => {
    const pieces = visiblePieces('a\tb\r\n\nc');
    assert.deepEqual(pieces, [
      { text: 'a' },
      { text: '\t', special: 'tab', glyph: '→' },
      { text: 'b' },
      { text: '\r', special: 'carriageReturn', glyph: '␍' },
      { text: '\n', special: 'newline', glyph: '↵' },
      { text: '\n', special: 'newline', glyph: '↵' },
      { text: 'c' },
    ]);
  });

  void it('shows controls as control pictures and invisible characters by code point', () => {
    assert.equal(show(visiblePieces('\u0000\u001b\u007f')), '⟦control ␀⟧⟦control ␛⟧⟦control ␡⟧');
    assert.equal(show(visiblePieces('a\u00a0b\u200bc\ufeff')), 'a⟦invisible ⟨U+00A0⟩⟧b⟦invisible ⟨U+200B⟩⟧c⟦invisible ⟨U+FEFF⟩⟧');
    assert.equal(show(visiblePieces('\u0085')), '⟦control ⟨U+0085⟩⟧');
  });

  void it('leaves ordinary text, spaces, special tokens and astral characters alone', () => {
    assert.deepEqual(visiblePieces('<|im_start|>user hi 😀 é'), [{ text: '<|im_start|>user hi 😀 é' }]);
    assert.deepEqual(visiblePieces(''), []);
  });

  void it('the pieces of every rendered prompt join back to the exact prompt', () => {
    for (const format of FORMAT_IDS) {
      for (const variant of VARIANTS[format]) {
        const result = renderQuery(format, TOOLS, 'Weather in Paris?\n\tThanks\u00a0!', variant);
        const joined = result.blocks.map((block) => visiblePieces(block.text).map((piece) => piece.text).join('')).join('');
        assert.equal(joined, result.prompt, `${format}/${variant}`);
        const newlines = result.blocks.flatMap((block) => visiblePieces(block.text)).filter((piece) => 'special' in piece && piece.special === 'newline').length;
        assert.equal(newlines, result.prompt.split('\n').length - 1, `${format}/${variant}: one mark per newline`);
      }
    }
  });
});

void describe('summarizeBlocks (the legend)', () => {
  void it('counts characters and blocks per kind in order of first appearance', () => {
    const summary = summarizeBlocks([
      { kind: 'roleMarker', text: '<|im_start|>user\n' },
      { kind: 'query', text: 'hello' },
      { kind: 'roleMarker', text: '<|im_end|>\n' },
      { kind: 'generationPrompt', text: 'abc' },
    ]);
    assert.equal(summary.totalChars, 17 + 5 + 11 + 3);
    assert.equal(summary.totalBlocks, 4);
    assert.deepEqual(
      summary.rows.map((row) => [row.kind, row.blocks, row.chars]),
      [
        ['roleMarker', 2, 28],
        ['query', 1, 5],
        ['generationPrompt', 1, 3],
      ],
    );
    assert.equal(summary.rows.reduce((sum, row) => sum + row.share, 0).toFixed(12), (1).toFixed(12));
  });

  void it('counts code points as Python len does', () => {
    assert.equal(charCount('😀a'), 2);
    assert.equal(charCount('\ud83d'), 1, 'a lone surrogate is one');
    assert.equal(summarizeBlocks([{ kind: 'query', text: '😀😀' }]).totalChars, 2);
  });

  void it('an empty prompt has zero shares, not NaN', () => {
    assert.deepEqual(summarizeBlocks([]), { rows: [], totalChars: 0, totalTokens: 0, totalBlocks: 0 });
  });

  void it('sums tokens per kind and shares the tokens when there are any', () => {
    const summary = summarizeBlocks([
      { kind: 'tools', text: 'abcdefgh', tokens: 3 },
      { kind: 'query', text: 'x', tokens: 1 },
      { kind: 'tools', text: 'ij', tokens: 4 },
    ]);
    assert.equal(summary.totalTokens, 8);
    assert.deepEqual(
      summary.rows.map((row) => [row.kind, row.blocks, row.tokens, row.share]),
      [
        ['tools', 2, 7, 7 / 8],
        ['query', 1, 1, 1 / 8],
      ],
    );
  });

  void it('totals match a real render', () => {
    const result = renderQuery('xlam2-qwen', TOOLS, 'Weather in Paris?');
    const summary = summarizeBlocks(result.blocks);
    assert.equal(summary.totalChars, charCount(result.prompt));
    assert.equal(summary.rows.reduce((sum, row) => sum + row.chars, 0), summary.totalChars);
  });

  void it('formats shares with one decimal, never hiding a non-zero share', () => {
    assert.equal(formatShare(0), '0.0%');
    assert.equal(formatShare(1), '100.0%');
    assert.equal(formatShare(0.1234), '12.3%');
    assert.equal(formatShare(0.0001), '<0.1%');
  });
});
