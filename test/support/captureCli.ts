import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI's main() in this process with captured output: the same code path as
 * `node dist/cli.js`, a hundred times faster than spawning it (the fuzz suites run it 100,000 times).
 */
export async function runCli(argv: readonly string[], stdin = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: () => Promise.resolve(stdin),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** No stack trace, no "internal error": what bad input must never show. */
export function leaks(run: CliRun): string | undefined {
  const all = `${run.stdout}\n${run.stderr}`;
  if (/internal error/.test(all)) return 'internal error';
  if (/\n\s+at /.test(all)) return 'stack trace';
  return undefined;
}

/** A CliIo that keeps what a command prints (`out`, `err`), for a test to read after main() returns. */
export function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    readStdin: () => Promise.resolve(''),
  };
  return io;
}
