import { JsonObject } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import { readSuite } from './readSuite';

/**
 * An imported suite's text: name, defaults and cases, two-space indented. Read back with
 * readSuite before it is returned, so a suite is only ever written whole and readable.
 */
export function suiteText(name: string, format: string, cases: JsonObject[], file: string): string {
  const defaults = new JsonObject([['format', format]]);
  const text = `${pyJsonDumps(new JsonObject([['name', name], ['defaults', defaults], ['cases', cases]]), { indent: 2, ensureAscii: false })}\n`;
  readSuite(text, file, () => undefined);
  return text;
}
