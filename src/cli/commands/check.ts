import { checkOutput } from '../../core/check/checkCalls';
import { readCheckInputs } from '../../core/check/readCheckInputs';
import { CHECK_CATEGORIES, CHECKER_MODES, type CheckVerdict } from '../../core/check/types';
import { InputError } from '../../core/errors';
import { JsonObject } from '../../core/json/jsonValue';
import { compactJson } from '../../core/json/pyJsonDumps';
import { choiceOption, parseArgs, stringOption, UsageError } from '../args';
import { readTextFile, type CliIo } from '../io';

export const CHECK_HELP = `Usage: xlam-lab check --checker bfcl|default --category CATEGORY
         --functions FUNCS.json [--expected ANSWER.json] --output OUTPUT.json

Scores one decoded model output against a possible answer, without a model,
and prints one JSON line:
  {"valid":true|false,"errorType":string|null,"message":string}
errorType is BFCL's error type string (e.g. "value_error:string").

The files use BFCL's own shapes:
  FUNCS.json    BFCL's function doc list: [{"name", "description",
                "parameters": {"type": "dict", "properties", "required"}}]
  ANSWER.json   the possible answer: [{"fn": {"param": [values…]}}]
                ("" among the values marks an optional parameter);
                not needed for irrelevance
  OUTPUT.json   the decoded model output: [{"fn": {args}}], [] for no call

  --checker        bfcl: BFCL's AST checker, quirks included (greedy
                   matching of parallel calls, …); default: the same rules
                   without the quirks that reject correct calls (README,
                   "Checkers: bfcl vs default")
  --category       simple | multiple | parallel | parallel_multiple |
                   irrelevance
  --enforce-order  parallel categories: call i must match answer i (BFCL's
                   enforce-order checker, which its runner no longer uses)

Exit codes (unlike the other commands): 0 valid, 1 invalid, 2 bad input
(FILE:LINE:COL: message) or usage error.
`;

export function runCheck(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, { values: ['checker', 'category', 'functions', 'expected', 'output'], flags: ['help', 'enforce-order'] });
  if (args.options.has('help')) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  const mode = choiceOption(args, 'checker', CHECKER_MODES);
  const category = choiceOption(args, 'category', CHECK_CATEGORIES);
  const functions = stringOption(args, 'functions');
  const expected = stringOption(args, 'expected');
  const output = stringOption(args, 'output');
  if (mode === undefined) throw new UsageError('--checker is required');
  if (category === undefined) throw new UsageError('--category is required');
  if (functions === undefined || output === undefined) throw new UsageError('--functions and --output are required');
  if (expected === undefined && category !== 'irrelevance') throw new UsageError(`--expected is required for ${category}`);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0] ?? ''}"`);
  const enforceOrder = args.options.has('enforce-order');
  if (enforceOrder && !category.startsWith('parallel')) throw new UsageError('--enforce-order applies to parallel and parallel_multiple');

  let verdict: CheckVerdict;
  try {
    const read = (file: string) => ({ text: readTextFile(file), file });
    const input = readCheckInputs(category, read(functions), expected === undefined ? undefined : read(expected), read(output));
    verdict = checkOutput(input, { mode, enforceOrder });
  } catch (error) {
    // Exit 1 means "invalid" here, so bad input takes 2.
    if (!(error instanceof InputError)) throw error;
    io.stderr(`${error.describe()}\n`);
    return 2;
  }
  io.stdout(`${compactJson(new JsonObject([['valid', verdict.valid], ['errorType', verdict.errorType], ['message', verdict.message]]))}\n`);
  return verdict.valid ? 0 : 1;
}
