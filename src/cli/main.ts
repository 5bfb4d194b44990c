import { InputError } from '../core/errors';
import { UsageError } from './args';
import { PARSE_HELP, runParse } from './commands/parse';
import { RENDER_HELP, runRender } from './commands/render';
import { processIo, type CliIo } from './io';

export const MAIN_HELP = `Usage: xlam-lab <command> [options]

Commands:
  render   print the exact prompt for tools and a query or messages
  parse    parse model output into calls (tolerant, or exactly as vLLM would)

Run "xlam-lab <command> --help" for a command's options.
Exit codes: 0 ok, 1 bad input (file:line:col: message), 2 usage error.
`;

const COMMANDS: Record<string, { help: string; run: (argv: readonly string[], io: CliIo) => number | Promise<number> }> = {
  render: { help: RENDER_HELP, run: runRender },
  parse: { help: PARSE_HELP, run: runParse },
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
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
