import { isJsonObject, JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import { readTools } from '../tools/tool';
import { jsonField, readRows, rowError, type Row } from './importRows';
import { NO_CALL } from './readExpectation';

/**
 * xlam-function-calling-60k rows (`{"id", "query", "tools", "answers"}`, tools and answers as JSON
 * strings, as the dataset ships them, or as arrays) as suite cases: the row's tools, its query,
 * and its answers as exact expected calls ("no call" when there are none).
 */
export function importXlam60k(text: string, file: string, limit?: number): JsonObject[] {
  const rows = readRows(text, file);
  const seen = new Set<string>();
  return rows.slice(0, limit ?? rows.length).map((row) => {
    const item = xlamCase(row, file);
    const id = item.get('id') as string;
    if (seen.has(id)) throw rowError(file, row.line, `row ${row.index}: the id "${id}" repeats an earlier row's`);
    seen.add(id);
    return item;
  });
}

function xlamCase(row: Row, file: string): JsonObject {
  const query = row.value.get('query');
  if (typeof query !== 'string') throw rowError(file, row.line, `row ${row.index}: "query" must be a string`);
  const tools = jsonField(row, 'tools', file);
  const read = readTools(tools);
  const problem = read.problems[0];
  if (problem !== undefined) throw rowError(file, row.line, `row ${row.index}: tools: ${problem.message}`);
  if (read.tools.length === 0) throw rowError(file, row.line, `row ${row.index}: the tool list is empty`);
  const answers = jsonField(row, 'answers', file);
  if (!Array.isArray(answers)) throw rowError(file, row.line, `row ${row.index}: "answers" must be a list of {"name", "arguments"}`);
  const calls = answers.map((answer, i) => {
    const name = isJsonObject(answer) ? answer.get('name') : undefined;
    if (!isJsonObject(answer) || typeof name !== 'string') throw rowError(file, row.line, `row ${row.index}: answer ${i} is not {"name", "arguments"}`);
    if (!read.tools.some((tool) => tool.name === name)) throw rowError(file, row.line, `row ${row.index}: answer ${i} calls "${name}", which is not among the row's tools`);
    const args = answer.get('arguments') ?? new JsonObject();
    if (!isJsonObject(args)) throw rowError(file, row.line, `row ${row.index}: the arguments of answer ${i} are not an object`);
    return new JsonObject([['name', name], ['arguments', args]]);
  });
  const id = row.value.get('id');
  const caseId = typeof id === 'string' ? `xlam60k-${id}` : id instanceof JsonNumber ? `xlam60k-${id.lexeme}` : `row-${row.index}`;
  const expect: JsonValue = calls.length === 0 ? NO_CALL : new JsonObject([['calls', calls]]);
  return new JsonObject([['id', caseId], ['tools', tools], ['query', query], ['expect', expect]]);
}
