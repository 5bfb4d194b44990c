import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { InputError } from '../core/errors';

const FLUSH_AT = 1 << 16;

/**
 * A file written in pieces through a small buffer: what a report streamed case by case writes
 * to, so its size is on disk, not in memory. Failures are InputErrors naming `shownAs` (the
 * file the user asked for, not this temp file).
 */
export class SpoolFile {
  private fd: number | undefined;
  private buffer = '';

  constructor(
    readonly path: string,
    private readonly shownAs: string,
  ) {
    this.fd = this.io(() => openSync(path, 'w'));
  }

  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  /** Appends the whole of another (closed) spool's file, a chunk at a time. */
  append(other: SpoolFile): void {
    this.flush();
    const chunk = Buffer.allocUnsafe(FLUSH_AT * 4);
    const from = this.io(() => openSync(other.path, 'r'));
    try {
      for (let n = this.io(() => readSync(from, chunk)); n > 0; n = this.io(() => readSync(from, chunk))) this.io(() => writeSync(this.open(), chunk, 0, n));
    } finally {
      closeSync(from);
    }
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Closes and deletes the file (a temp file, or a report abandoned on an error). */
  remove(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.path, { force: true });
  }

  /** Closes the file and moves it over `target`: the report appears whole or not at all. */
  moveTo(target: string): void {
    this.close();
    this.io(() => renameSync(this.path, target));
  }

  private flush(): void {
    if (this.buffer === '') return;
    const text = this.buffer;
    this.buffer = '';
    this.io(() => writeSync(this.open(), text));
  }

  private open(): number {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    return this.fd;
  }

  private io<T>(act: () => T): T {
    try {
      return act();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      throw new InputError(`cannot write ${this.shownAs}: ${code}`);
    }
  }
}
