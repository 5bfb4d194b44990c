import type { SourceLocation } from '../errors';
import { InputError } from '../errors';
import { readJsonDocumentLean } from '../json/readJsonDocumentLean';
import { Located } from './located';
import { readCaseFields, readSuiteHead, type ToolSet } from './readSuite';
import { scanSuite, type ByteSource, type CaseSpans } from './scanSuite';
import { SpanReader } from './spanReader';
import { ToolSetCache } from './toolSetCache';
import type { Suite, SuiteCase, SuiteInfo, SuiteToolsResolver } from './types';

/** A suite's cases by id, and the suite they belong to: what a replay scores recorded trials against. */
export interface SuiteCases {
  readonly info: SuiteInfo;
  caseOf(id: string): SuiteCase | undefined;
}

/** The cases of a suite read whole. */
export function wholeSuiteCases(suite: Suite): SuiteCases {
  const byId = new Map(suite.cases.map((item) => [item.id, item]));
  const { cases: _cases, ...info } = suite;
  return { info, caseOf: (id) => byId.get(id) };
}

/**
 * A suite whose cases stay in its file: every case is read and checked once on opening (a suite
 * that opens is one readSuite reads), and only each case's place and id are kept; `caseOf` reads
 * a case again from its bytes. Undefined when the scan or any check fails: the caller then reads
 * the file whole with readSuite, whose error is the one to show (or whose suite is the one to
 * use, for JSON the scan is not sure of). So the memory held is a few numbers per case.
 */
export function openStreamedSuite(source: ByteSource, file: string, resolveTools: SuiteToolsResolver): SuiteCases | undefined {
  const scan = scanSuite(source);
  if (scan === undefined) return undefined;
  try {
    const tools = new ToolSetCache(resolveTools);
    const at = new Located(readJsonDocumentLean(scan.skeleton, file));
    const head = readSuiteHead(at, file, tools.reader);
    if (head.cases.length > 0) return undefined; // the scan did not take the list out
    const info = { file, name: head.name(), sha256: scan.sha256, defaults: head.defaults };
    const suite = new StreamedSuite(info, new SpanReader(source), scan.cases, head.suiteTools, tools);
    suite.checkEvery();
    return suite;
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

class StreamedSuite implements SuiteCases {
  private readonly ids = new Map<string, number>();
  /** The case read last: a case's trials come in a row. */
  private last: SuiteCase | undefined;

  constructor(
    readonly info: SuiteInfo,
    private readonly bytes: SpanReader,
    private readonly spans: CaseSpans,
    private readonly suiteTools: ToolSet | undefined,
    private readonly tools: ToolSetCache,
  ) {}

  /** Reads and checks every case in file order; a second case with an id is an InputError. */
  checkEvery(): void {
    for (let index = 0; index < this.spans.byteStart.length; index++) {
      const { id } = this.read(index);
      if (this.ids.has(id)) throw new InputError(`case id "${id}" is not unique`);
      this.ids.set(id, index);
    }
  }

  caseOf(id: string): SuiteCase | undefined {
    if (this.last?.id === id) return this.last;
    const index = this.ids.get(id);
    if (index === undefined) return undefined;
    try {
      this.last = this.read(index);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new InputError(`${this.info.file} changed while its cases were read (case "${id}"): ${error.message}`);
    }
    if (this.last.id !== id) throw new InputError(`${this.info.file} changed while its cases were read (case "${id}" moved)`);
    return this.last;
  }

  private read(index: number): SuiteCase {
    const { byteStart, byteEnd } = this.spans;
    const text = this.bytes.text(byteStart[index] as number, byteEnd[index] as number);
    const at = new Located(readJsonDocumentLean(text, this.info.file));
    const fields = readCaseFields(at, at.doc.value, [], this.suiteTools, this.tools.reader);
    const start = this.startOf(index);
    return { ...fields, range: { start, end: endOf(start, text) } };
  }

  private startOf(index: number): SourceLocation {
    const { offset, line, column } = this.spans;
    return { file: this.info.file, offset: offset[index] as number, line: line[index] as number, column: column[index] as number };
  }
}

/** Where a case whose text starts at `start` ends (just after its closing brace). */
function endOf(start: SourceLocation, text: string): SourceLocation {
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  const lastBreak = text.lastIndexOf('\n');
  const column = lastBreak < 0 ? start.column + text.length : text.length - lastBreak;
  return { ...start, offset: start.offset + text.length, line: start.line + lines, column };
}
