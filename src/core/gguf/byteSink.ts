/** A growable little-endian byte buffer for the GGUF header (metadata can be megabytes of tokens). */
export class ByteSink {
  private buffer = new Uint8Array(1 << 16);
  private view = new DataView(this.buffer.buffer);
  length = 0;
  private static readonly encoder = new TextEncoder();

  /**
   * Reserves `extra` bytes and returns where they start. Callers must call this before reading
   * `this.view`/`this.buffer`, since growing replaces both.
   */
  private ensure(extra: number): number {
    const at = this.length;
    const needed = at + extra;
    if (needed > this.buffer.length) {
      let size = this.buffer.length * 2;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.buffer.subarray(0, at));
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length = needed;
    return at;
  }

  u8(value: number): void {
    const at = this.ensure(1);
    this.view.setUint8(at, value);
  }
  i8(value: number): void {
    const at = this.ensure(1);
    this.view.setInt8(at, value);
  }
  u16(value: number): void {
    const at = this.ensure(2);
    this.view.setUint16(at, value, true);
  }
  i16(value: number): void {
    const at = this.ensure(2);
    this.view.setInt16(at, value, true);
  }
  u32(value: number): void {
    const at = this.ensure(4);
    this.view.setUint32(at, value, true);
  }
  i32(value: number): void {
    const at = this.ensure(4);
    this.view.setInt32(at, value, true);
  }
  f32(value: number): void {
    const at = this.ensure(4);
    this.view.setFloat32(at, value, true);
  }
  f64(value: number): void {
    const at = this.ensure(8);
    this.view.setFloat64(at, value, true);
  }
  u64(value: bigint | number): void {
    const at = this.ensure(8);
    this.view.setBigUint64(at, BigInt(value), true);
  }
  i64(value: bigint): void {
    const at = this.ensure(8);
    this.view.setBigInt64(at, value, true);
  }
  bytes(data: Uint8Array): void {
    const at = this.ensure(data.length);
    this.buffer.set(data, at);
  }
  zeros(count: number): void {
    const at = this.ensure(count);
    this.buffer.fill(0, at, this.length);
  }
  /** GGUF string: u64 byte length, then UTF-8 without a terminator. */
  string(value: string): void {
    const encoded = ByteSink.encoder.encode(value);
    this.u64(encoded.length);
    this.bytes(encoded);
  }

  /** The written bytes (a copy, so the sink's spare capacity is not kept alive). */
  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
