import { basename } from 'node:path';
import { FORMAT_IDS } from '../../core/formats/types';
import { importBfcl } from '../../core/suite/importBfcl';
import { importXlam60k } from '../../core/suite/importXlam60k';
import { suiteText } from '../../core/suite/suiteText';
import { choiceOption, parseArgs, stringOption, UsageError } from '../args';
import { readTextFile, type CliIo } from '../io';
import { writeWhole } from '../testReports';

export const IMPORT_HELP = `Usage: xlam-lab import xlam60k FILE [--limit N] -o SUITE.fctest.json [--format F]
       xlam-lab import bfcl QUESTIONS.jsonl ANSWERS.jsonl -o SUITE.fctest.json [--format F]

Writes a test suite (see "xlam-lab test") from a dataset:
  xlam60k   xlam-function-calling-60k rows {"id", "query", "tools", "answers"}
            (tools and answers as JSON strings, as the dataset ships them, or
            as arrays), in a JSON array or a JSONL file; each row is a case
            with its own tools and exact expected calls ("no call" when the
            answers are empty)
  bfcl      BFCL's question file ({"id", "question", "function"}) and its
            possible-answer file ({"id", "ground_truth"}); each question is a
            case whose expected calls take every value BFCL accepts;
            irrelevance questions (no answer) expect no call

  -o, --output  the suite file to write (written whole, or not at all)
  --limit       import the first N rows only (xlam60k)
  --format      the suite's default prompt format (default fc-v1)

Exit codes: 0 written, 1 bad input (FILE:LINE: message; nothing is written),
2 usage error.
`;

export function runImport(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(
    argv.map((arg) => (arg === '-o' ? '--output' : arg)),
    { values: ['output', 'limit', 'format'], flags: ['help'] },
  );
  if (args.options.has('help')) {
    io.stdout(IMPORT_HELP);
    return 0;
  }
  const [kind, ...files] = args.positionals;
  const output = stringOption(args, 'output');
  const format = choiceOption(args, 'format', FORMAT_IDS) ?? 'fc-v1';
  if (kind !== 'xlam60k' && kind !== 'bfcl') throw new UsageError(`the first argument is the dataset kind: xlam60k or bfcl${kind === undefined ? '' : ` (got "${kind}")`}`);
  if (output === undefined) throw new UsageError('-o SUITE is required');
  const limitText = stringOption(args, 'limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`--limit must be a positive integer (got "${limitText}")`);
  let text: string;
  let count: number;
  if (kind === 'xlam60k') {
    if (files.length !== 1) throw new UsageError('import xlam60k takes one FILE');
    const file = files[0] as string;
    const cases = importXlam60k(readTextFile(file), file, limit);
    text = suiteText(`xlam-function-calling-60k (${basename(file)})`, format, cases, output);
    count = cases.length;
  } else {
    if (files.length !== 2) throw new UsageError('import bfcl takes QUESTIONS and ANSWERS');
    if (limit !== undefined) throw new UsageError('--limit applies to xlam60k');
    const [questions, answers] = files as [string, string];
    const cases = importBfcl({ text: readTextFile(questions), file: questions }, { text: readTextFile(answers), file: answers });
    text = suiteText(`BFCL ${basename(questions).replace(/\.jsonl?$/i, '')}`, format, cases, output);
    count = cases.length;
  }
  writeWhole(output, text);
  io.stderr(`wrote ${count} cases to ${output}\n`);
  return 0;
}
