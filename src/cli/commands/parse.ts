import { locate, formatLocation } from '../../core/errors';
import { JsonNumber, JsonObject, type JsonValue } from '../../core/json/jsonValue';
import { compactJson } from '../../core/json/pyJsonDumps';
import { parseOutput } from '../../core/parse/parseOutput';
import type { ParseResult } from '../../core/parse/types';
import { FORMAT_IDS, outputFamily } from '../../core/formats/types';
import { choiceOption, parseArgs, UsageError } from '../args';
import { readTextFile, type CliIo } from '../io';

export const PARSE_HELP = `Usage: xlam-lab parse --format FORMAT [--strict vllm] [FILE]

Reads model output (from FILE, or stdin) and prints one JSON object:
  {"calls":[{"name":…,"arguments":{…}}],"content":…}
plus "thought" (general-v1) and "error" {"message","offset"} when the text
looks like a call but could not be parsed. Exit 1 when "error" is present.

  --format   fc-v1 | general-v1 | xlam2-qwen | xlam2-llama
  --strict   vllm: accept and reject exactly what vLLM's "xlam" tool parser
             does (a JSON list only), to see whether a vLLM server would
             return the calls
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
  io.stdout(compactJson(resultToJson(result)));
  if (result.error) {
    const where = formatLocation(locate(text, result.error.offset, file ?? '<stdin>'));
    io.stderr(`${where}: ${result.error.message}\n`);
    return 1;
  }
  return 0;
}

function resultToJson(result: ParseResult): JsonValue {
  const out = new JsonObject();
  out.set('calls', result.calls.map((call) => new JsonObject([['name', call.name], ['arguments', call.arguments]])));
  out.set('content', result.content);
  if (result.thought !== undefined) out.set('thought', result.thought);
  if (result.error) out.set('error', new JsonObject([['message', result.error.message], ['offset', JsonNumber.fromNumber(result.error.offset)]]));
  return out;
}
