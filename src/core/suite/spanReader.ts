import { InputError } from '../errors';
import type { ByteSource } from './scanSuite';

const WINDOW = 1 << 20;
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });
const shorter = (): InputError => new InputError('the suite file is shorter than when it was read');

/**
 * Texts of byte ranges of a file, read through a window of 1 MiB: cases asked for in file order
 * (as a replay mostly asks) cost one read per window, not one per case.
 */
export class SpanReader {
  private readonly window = new Uint8Array(WINDOW);
  private from = 0;
  private length = 0;

  constructor(private readonly source: ByteSource) {}

  text(start: number, end: number): string {
    if (end - start > WINDOW) {
      const big = new Uint8Array(end - start);
      if (this.fill(big, start) < big.length) throw shorter();
      return UTF8.decode(big);
    }
    if (start < this.from || end > this.from + this.length) {
      this.from = start;
      this.length = this.fill(this.window, start);
      if (end > this.from + this.length) throw shorter();
    }
    return UTF8.decode(this.window.subarray(start - this.from, end - this.from));
  }

  /** Reads from `position` until `into` is full or the file ends; returns how many bytes it read. */
  private fill(into: Uint8Array, position: number): number {
    let filled = 0;
    for (let n = -1; filled < into.length && n !== 0; filled += n) n = this.source.read(into.subarray(filled), position + filled);
    return filled;
  }
}
