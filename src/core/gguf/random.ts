/**
 * A seeded 32-bit PRNG (the mulberry32 construction): tiny, fast enough to produce a 1.4 GB model
 * in seconds, and identical on every platform, so a seed always gives the same model file.
 * Not for anything security-related.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextU32() / 0x100000000;
  }

  /** Uniform in [-limit, limit). */
  uniform(limit: number): number {
    return (this.nextFloat() * 2 - 1) * limit;
  }

  /** Fills a buffer with random bytes, four at a time where the buffer allows. */
  fill(bytes: Uint8Array): void {
    const words = Math.floor(bytes.length / 4);
    // Uint32Array needs 4-byte alignment; writing words keeps this fast for big tensors.
    if (bytes.byteOffset % 4 === 0) {
      const view = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
      for (let i = 0; i < words; i++) view[i] = this.nextU32();
    } else {
      for (let i = 0; i < words * 4; i += 4) {
        const r = this.nextU32();
        bytes[i] = r & 0xff;
        bytes[i + 1] = (r >>> 8) & 0xff;
        bytes[i + 2] = (r >>> 16) & 0xff;
        bytes[i + 3] = r >>> 24;
      }
    }
    for (let i = words * 4; i < bytes.length; i++) bytes[i] = this.nextU32() & 0xff;
  }
}
