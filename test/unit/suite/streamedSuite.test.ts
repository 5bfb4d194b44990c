import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSuiteCases, readSuiteFile } from '../../../src/cli/suiteFiles';
import { InputError } from '../../../src/core/errors';
import type { ByteSource } from '../../../src/core/suite/scanSuite';
import { openStreamedSuite, type SuiteCases } from '../../../src/core/suite/streamedSuite';
import type { Suite } from '../../../src/core/suite/types';
import { EXAMPLE, suiteFrom, TRAVEL } from './support';

/** The bytes of `text`, handed out at most `most` at a time: cases and strings cross every boundary. */
function source(text: string | Buffer, most: number): ByteSource {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return {
    read: (into, position) => {
      const n = Math.max(0, Math.min(most, into.length, bytes.length - position));
      into.set(bytes.subarray(position, position + n));
      return n;
    },
  };
}

function streamed(text: string | Buffer, file: string, most: number): SuiteCases | undefined {
  return openStreamedSuite(source(text, most), file, (ref) => {
    const path = resolve(dirname(file), ref);
    try {
      return { text: readFileSync(path, 'utf8'), file: path };
    } catch {
      return undefined;
    }
  });
}

/** The streamed suite gives what readSuite gives: the suite's parts, and each case with its range. */
function assertSame(cases: SuiteCases | undefined, whole: Suite): void {
  assert.ok(cases !== undefined, 'the scan reads it');
  const { cases: list, ...info } = whole;
  assert.deepEqual(cases.info, info);
  for (const item of [...list].reverse()) assert.deepEqual(cases.caseOf(item.id), item, item.id);
  assert.equal(cases.caseOf('no such case'), undefined);
}

const STRANGE = JSON.stringify({
  cases: [
    { id: 'é {[ "quoted" ]} \\ 😀', query: '日本 [not a list] {"not": "an object"} \u2028', expect: 'no call' },
    { id: 'own', tools: TRAVEL, query: 'q', expect: { calls: [{ name: 'book_hotel', arguments: { city: 'Rome ]}', nights: 2 } }] } },
    { id: 'own again', tools: TRAVEL, category: 'x', messages: [{ role: 'user', content: '\\"' }], expect: 'no call' },
  ],
  defaults: { format: 'fc-v1', trials: 3 },
  tools: TRAVEL,
  name: 'cases first',
});

describe('streamed suites: cases read from the file one by one, the same as readSuite reads them', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'xlam-streamed-suite-'));
    for (const tools of ['travel.tools.json', 'weather.tools.json']) writeFileSync(join(dir, tools), readFileSync(join(dirname(EXAMPLE), tools)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const example = readFileSync(EXAMPLE, 'utf8');
  const texts: Array<[string, string]> = [
    ['the example (tools by file, a case with its own)', example],
    ['the example with a BOM and CRLF line ends', `\ufeff${example.replace(/\n/g, '\r\n')}`],
    ['cases before the tools; brackets, quotes and astral characters in strings; tools per case', STRANGE],
    ['no cases', JSON.stringify({ tools: TRAVEL, cases: [] })],
  ];
  for (const [what, text] of texts) {
    it(`${what}: every case and its range equal readSuite's, whatever the read sizes`, () => {
      for (const most of [1, 7, 1 << 20]) assertSame(streamed(text, EXAMPLE, most), suiteFrom(text, EXAMPLE));
    });
  }

  it('cases whose tools are written alike share one tool set, not a copy each', () => {
    const cases = streamed(STRANGE, EXAMPLE, 64);
    const [own, again] = [cases?.caseOf('own'), cases?.caseOf('own again')];
    assert.ok(own !== undefined && again !== undefined);
    assert.equal(own.tools, again.tools);
    assert.equal(own.functions, again.functions);
  });

  const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
  const BAD: Array<[string, string]> = [
    ['a case the checker cannot score', example.replace('"book_hotel", "accept"', '"book_hotle", "accept"')],
    ['a duplicate id', example.replace('"id": "hotel-rome"', '"id": "flight-sfo-jfk"')],
    ['no comma between cases', example.replace(/\},\n {4}\{\n {6}"id": "hotel-rome"/, '}\n    {\n      "id": "hotel-rome"')],
    ['a comma after the last case', example.replace(/\}\n {2}\]\n\}/, '},\n  ]\n}')],
    ['a comment between cases', example.replace('},\n    {\n      "id": "hotel-rome"', '}, // hotels\n    {\n      "id": "hotel-rome"')],
    ['a bad root key after the cases', example.replace(/\]\n\}\n$/, '],\n  "casse": 1\n}\n')],
    ['nesting past the limit inside a case', example.replace('"query": "Book a hotel', `"query": ${deep(1000)}, "x": "Book a hotel`)],
    ['a list under a long unknown key after "cases"', example.replace('"cases": [', `"cases": 5, "${'k'.repeat(100)}": [`)],
    ['a suite that is a list', `[${example}]`],
    ['a truncated file', example.slice(0, example.length / 2)],
  ];
  for (const [what, text] of BAD) {
    it(`${what}: the scan gives up, and a replay's reader throws readSuite's error, located`, () => {
      const file = join(dir, 'bad.fctest.json');
      writeFileSync(file, text);
      assert.equal(streamed(text, file, 1 << 20), undefined);
      const expected = thrown(() => readSuiteFile(file));
      assert.ok(expected.location?.line !== undefined, expected.describe());
      assert.equal(thrown(() => openSuiteCases(file)).describe(), expected.describe());
    });
  }

  it('a nesting past the limit is json-too-deep at its place', () => {
    const file = join(dir, 'deep.fctest.json');
    writeFileSync(file, example.replace('"query": "Book a hotel', `"query": ${deep(1000)}, "x": "Book a hotel`));
    const line = example.slice(0, example.indexOf('"query": "Book a hotel')).split('\n').length;
    assert.match(thrown(() => openSuiteCases(file)).describe(), new RegExp(`deep\\.fctest\\.json:${line}:\\d+: json-too-deep: `));
  });

  const ODD: Array<[string, Buffer]> = [
    ['two "cases" lists (the last counts)', Buffer.from(example.replace('"cases": [', '"cases": [{"id": "dropped"}],\n  "cases": ['))],
    ['bytes that are not UTF-8 in a query', Buffer.concat([Buffer.from(example.slice(0, example.indexOf('SFO'))), Buffer.from([0xff, 0xfe]), Buffer.from(example.slice(example.indexOf('SFO')))])],
  ];
  for (const [what, bytes] of ODD) {
    it(`${what}: JSON the scan is not sure of is read whole, with readSuite's cases`, () => {
      const file = join(dir, 'odd.fctest.json');
      writeFileSync(file, bytes);
      assert.equal(streamed(bytes, file, 1 << 20), undefined);
      const cases = openSuiteCases(file);
      try {
        assertSame(cases, readSuiteFile(file));
      } finally {
        cases.close();
      }
    });
  }
});

function thrown(act: () => unknown): InputError {
  try {
    act();
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error;
  }
  return assert.fail('expected an InputError');
}
