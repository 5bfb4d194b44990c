import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { groupAlive, startedGroups } from '../harness/processes';

/**
 * What the fault tests check after each failure: nothing the harness started is still running.
 * Linux's /proc is the witness (the harness itself is linux-x64 only, like code-server's setup).
 */
interface Proc {
  pid: number;
  ppid: number;
  cmdline: string;
}

function processes(): Proc[] {
  const result: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the command name (field 2) may hold spaces.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      result.push({ pid: Number(name), ppid, cmdline });
    } catch {
      // Ended while we looked.
    }
  }
  return result;
}

/** Every live process below `root` in the process tree (children, their children, ...). */
export function descendants(root = process.pid): Proc[] {
  const all = processes();
  const found: Proc[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const parent = frontier.pop();
    for (const proc of all) {
      if (proc.ppid === parent) {
        found.push(proc);
        frontier.push(proc.pid);
      }
    }
  }
  return found;
}

/** Live processes whose command line contains `text` (for children of a child that has exited). */
export function processesMentioning(text: string): Proc[] {
  return processes().filter((proc) => proc.pid !== process.pid && proc.cmdline.includes(text));
}

/** How many groups the harness had started: pass it to assertNothingLeft after the failure. */
export function groupsSoFar(): number {
  return startedGroups().length;
}

/** No process group started since `since` is alive, and this process has no children left. */
export function assertNothingLeft(since: number): void {
  const groups = startedGroups().slice(since);
  assert.deepEqual(groups.filter(groupAlive), [], `process groups still alive among ${groups.join(', ')}`);
  assert.deepEqual(descendants().map((proc) => `${proc.pid} ${proc.cmdline}`), [], 'child processes left behind');
}

/** The message the user reads is one line: no stack frames, no appended logs. */
export function assertOneLine(message: string): void {
  assert.equal(message.split('\n').length, 1, `one line expected, got:\n${message}`);
  assert.doesNotMatch(message, /\bat .*\.js:\d+:\d+/, 'no stack frame in the message');
}
