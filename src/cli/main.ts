import { InputError } from '../core/errors';
import { UsageError } from './args';
import { CHECK_HELP, runCheck } from './commands/check';
import { EXPORT_HELP, runExport } from './commands/export';
import { IMPORT_HELP, runImport } from './commands/import';
import { LINT_HELP, runLint } from './commands/lint';
import { MAKE_TEST_MODEL_HELP, runMakeTestModel } from './commands/makeTestModel';
import { PARITY_HELP, runParity } from './commands/parity';
import { PARSE_HELP, runParse } from './commands/parse';
import { RENDER_HELP, runRender } from './commands/render';
import { RUN_HELP, runRun } from './commands/run';
import { SERVE_HELP, runServe } from './commands/serve';
import { TEST_HELP, runTest } from './commands/test';
import { processIo, type CliIo } from './io';

export const MAIN_HELP = `Usage: xlam-lab <command> [options]

Commands:
  render           print the exact prompt for tools and a query or messages
  export           print code (Python, TypeScript, curl) that reproduces that prompt
  parse            parse model output into calls (tolerant, or exactly as vLLM would)
  lint             check tools files and sample outputs for function-calling problems
  check            score one decoded output against a BFCL possible answer (exit 0 valid,
                   1 invalid, 2 bad input)
  run              run a query on a local GGUF or a remote OpenAI-compatible endpoint
  test             run function-call test suites (*.fctest.json) on a model and score them
                   (exit 0 all passed, 1 a case failed, 2 bad input)
  import           write a test suite from xlam-function-calling-60k or BFCL data
  serve            serve a local GGUF as an OpenAI-compatible API on 127.0.0.1
  parity           compare our prompt with the chat template a GGUF carries
  make-test-model  write a small random-weight GGUF (for tests and benchmarks)

Run "xlam-lab <command> --help" for a command's options.
Exit codes: 0 ok, 1 bad input (file:line:col: message), 2 usage error;
check differs: 0 valid, 1 invalid, 2 bad input or usage error; test: 0 all passed,
1 a case failed, 2 bad input or usage error.
`;

const COMMANDS: Record<string, { help: string; run: (argv: readonly string[], io: CliIo) => number | Promise<number> }> = {
  render: { help: RENDER_HELP, run: runRender },
  export: { help: EXPORT_HELP, run: runExport },
  parse: { help: PARSE_HELP, run: runParse },
  lint: { help: LINT_HELP, run: runLint },
  check: { help: CHECK_HELP, run: runCheck },
  'make-test-model': { help: MAKE_TEST_MODEL_HELP, run: runMakeTestModel },
  run: { help: RUN_HELP, run: runRun },
  test: { help: TEST_HELP, run: runTest },
  import: { help: IMPORT_HELP, run: runImport },
  serve: { help: SERVE_HELP, run: (argv, io) => runServe(argv, io) },
  parity: { help: PARITY_HELP, run: runParity },
};

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) io.stderr(MAIN_HELP);
    else io.stdout(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`xlam-lab: unknown command "${name}"\n\n${MAIN_HELP}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`xlam-lab ${name}: ${error.message}\n\n${command.help}`);
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr(`${error.describe()}\n`);
      return 1;
    }
    io.stderr(`xlam-lab ${name}: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  // `xlam-lab … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
