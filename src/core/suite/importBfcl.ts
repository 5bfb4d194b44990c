import { isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';
import { readTools } from '../tools/tool';
import { readRows, rowError, type Row } from './importRows';
import { NO_CALL } from './readExpectation';

export interface SourceFile {
  text: string;
  file: string;
}

/**
 * BFCL's question file (JSONL: `{"id", "question", "function"}`, the question as text or as
 * `[[messages]]`, one turn) and its possible-answer file (`{"id", "ground_truth": [{"fn":
 * {"param": [values…]}}]}`) as suite cases. A question without an answer is an irrelevance case
 * when its id says so, else an error; so is an answer without a question.
 */
export function importBfcl(questions: SourceFile, answers: SourceFile): JsonObject[] {
  const truth = new Map<string, { value: JsonValue; row: Row }>();
  for (const row of readRows(answers.text, answers.file)) {
    const id = rowId(row, answers.file);
    if (truth.has(id)) throw rowError(answers.file, row.line, `id "${id}" has a possible answer already`);
    const value = row.value.get('ground_truth');
    if (value === undefined) throw rowError(answers.file, row.line, `row ${row.index} has no "ground_truth"`);
    truth.set(id, { value, row });
  }
  const used = new Set<string>();
  const cases = readRows(questions.text, questions.file).map((row) => {
    const id = rowId(row, questions.file);
    if (used.has(id)) throw rowError(questions.file, row.line, `id "${id}" repeats an earlier question's`);
    used.add(id);
    return bfclCase(row, id, questions.file, truth.get(id), answers.file);
  });
  for (const [id, { row }] of truth) if (!used.has(id)) throw rowError(answers.file, row.line, `the possible answer of "${id}" has no question in ${questions.file}`);
  return cases;
}

function rowId(row: Row, file: string): string {
  const id = row.value.get('id');
  if (typeof id !== 'string' || id === '') throw rowError(file, row.line, `row ${row.index} needs a string "id"`);
  return id;
}

function bfclCase(row: Row, id: string, file: string, answer: { value: JsonValue; row: Row } | undefined, answersFile: string): JsonObject {
  const fail = (message: string): never => {
    throw rowError(file, row.line, `${id}: ${message}`);
  };
  const functions = row.value.get('function');
  const list = Array.isArray(functions) ? functions : isJsonObject(functions) ? [functions] : fail('"function" must be a list of function docs');
  const read = readTools(list);
  if (read.problems[0] !== undefined) fail(`function docs: ${read.problems[0].message}`);
  if (read.tools.length === 0) fail('the function doc list is empty');
  const out = new JsonObject([['id', id], ['category', id.replace(/_\d[\w-]*$/, '')], ['tools', list]]);
  const question = row.value.get('question');
  if (typeof question === 'string') out.set('query', question);
  else out.set('messages', questionMessages(question, fail));
  if (answer === undefined) {
    if (!/irrelevance/i.test(id)) fail(`no possible answer for this id in ${answersFile}`);
    return out.set('expect', NO_CALL);
  }
  const failAnswer = (message: string): never => {
    throw rowError(answersFile, answer.row.line, `${id}: ${message}`);
  };
  const truth = Array.isArray(answer.value) ? answer.value : [answer.value];
  if (truth.length === 0) return out.set('expect', NO_CALL);
  const calls = truth.map((item, i) => {
    const entries = isJsonObject(item) ? item.entries() : [];
    const [name, params] = entries[0] ?? [];
    if (entries.length !== 1 || name === undefined || !isJsonObject(params)) return failAnswer(`ground truth item ${i} is not {"function_name": {"param": [values…]}}`);
    if (!read.tools.some((tool) => tool.name === name)) failAnswer(`ground truth item ${i} calls "${name}", which the question's function docs do not define`);
    for (const [param, values] of params.entries()) if (!Array.isArray(values)) failAnswer(`the possible values of "${param}" in item ${i} are not a list`);
    return new JsonObject([['name', name], ['accept', params]]);
  });
  return out.set('expect', new JsonObject([['calls', calls]]));
}

/** BFCL's `question`: a list of turns, each a list of messages; a single turn only. */
function questionMessages(question: JsonValue | undefined, fail: (message: string) => never): JsonValue[] {
  if (!Array.isArray(question) || question.length === 0) return fail('"question" must be text or a list of turns ([[{"role", "content"}]])');
  if (question.every(isJsonObject)) return question;
  if (question.length > 1) return fail(`"question" has ${question.length} turns; only single-turn categories are supported`);
  const turn = question[0];
  if (!Array.isArray(turn) || turn.length === 0 || !turn.every(isJsonObject)) return fail('"question" must be [[{"role", "content"}, …]]');
  return turn;
}
