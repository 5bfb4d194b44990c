import { locate, formatLocation } from '../../core/errors';
import { JsonNumber, JsonObject, type JsonValue } from '../../core/json/jsonValue';
import { finiteJson, type NonFiniteNumber } from '../../core/json/finiteJson';
import { compactJson } from '../../core/json/pyJsonDumps';
import { parseOutput } from '../../core/parse/parseOutput';
import type { ParsedCall, ParseError, ParseResult } from '../../core/parse/types';
import { FORMAT_IDS, outputFamily } from '../../core/formats/types';
import { choiceOption, parseArgs, UsageError } from '../args';
import { readTextFile, type CliIo } from '../io';

export const PARSE_HELP = `Usage: xlam-lab parse --format FORMAT [--strict vllm] [FILE]

Reads model output (from FILE, or stdin) and prints one JSON object:
  {"calls":[{"name":…,"arguments":{…}}],"content":…}
A call without "arguments" gets {} and "argumentsMissing":true. Plus, when
present: "thought"; "shape", the call shape read (tool-calls-object,
thought-object, array, call-object, separated-calls, several-values);
"warning" {"message","offset"} when that is not the format's own output
shape (the calls are still read; exit 0); "error" {"message","offset"} when
the text looks like a call but could not be parsed (exit 1). A warning or
an error is also printed on stderr as FILE:LINE:COL. NaN, Infinity and
-Infinity (and literals such as 1e400, which overflow to Infinity), which
Python's json reads but JSON cannot hold, are printed as the strings "NaN",
"Infinity", "-Infinity", with a warning naming the field.

  --format   fc-v1 | general-v1 | xlam2-qwen | xlam2-llama
  --strict   vllm: accept and reject exactly what vLLM's "xlam" tool parser
             does (a JSON list only), to see whether a vLLM server would
             return the calls; no "shape" or "warning"
`;

export async function runParse(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ['format', 'strict'], flags: ['help'] });
  if (args.options.has('help')) {
    io.stdout(PARSE_HELP);
    return 0;
  }
  const format = choiceOption(args, 'format', FORMAT_IDS);
  if (format === undefined) throw new UsageError('--format is required');
  const strict = choiceOption(args, 'strict', ['vllm'] as const);
  if (args.positionals.length > 1) throw new UsageError('give at most one input FILE');
  const file = args.positionals[0];
  const text = file === undefined ? await io.readStdin() : readTextFile(file);

  const result = parseOutput(text, outputFamily(format), strict === 'vllm' ? 'vllm' : 'tolerant');
  const replaced: NonFiniteNumber[] = [];
  io.stdout(compactJson(resultToJson(result, replaced)));
  for (const r of replaced) io.stderr(`${file ?? '<stdin>'}: warning: ${r.path} is ${r.lexeme}, which JSON cannot hold: printed as the string "${r.shown}"\n`);
  const where = (offset: number): string => formatLocation(locate(text, offset, file ?? '<stdin>'));
  if (result.warning) io.stderr(`${where(result.warning.offset)}: warning: ${result.warning.message}\n`);
  if (result.error) {
    io.stderr(`${where(result.error.offset)}: ${result.error.message}\n`);
    return 1;
  }
  return 0;
}

function resultToJson(result: ParseResult, replaced: NonFiniteNumber[]): JsonValue {
  const out = new JsonObject();
  out.set('calls', result.calls.map((call, i) => callToJson(call, i, replaced)));
  out.set('content', result.content);
  if (result.thought !== undefined) out.set('thought', result.thought);
  if (result.shape !== undefined) out.set('shape', result.shape);
  if (result.warning) out.set('warning', located(result.warning));
  if (result.error) out.set('error', located(result.error));
  return out;
}

function callToJson(call: ParsedCall, index: number, replaced: NonFiniteNumber[]): JsonObject {
  const args = finiteJson(call.arguments, `calls[${index}].arguments`);
  replaced.push(...args.replaced);
  const out = new JsonObject([['name', call.name], ['arguments', args.value]]);
  // Reference §6.5: {} stood in for missing arguments, which the caller should know.
  if (call.argumentsMissing === true) out.set('argumentsMissing', true);
  return out;
}

/** An error or a warning (a ParseWarning is a ParseError in shape). */
function located(problem: ParseError): JsonObject {
  return new JsonObject([['message', problem.message], ['offset', JsonNumber.fromNumber(problem.offset)]]);
}
