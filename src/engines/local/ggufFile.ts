import type { FileHandle } from 'node:fs/promises';
import { readGguf, type GgufFileInfo } from '../../core/gguf/ggufReader';

/**
 * A GGUF header (metadata and tensor infos) read from an open file with our own reader: only the
 * bytes the header needs are read, so a 1 GB model costs a few kilobytes. Callers open and close
 * the file, and turn failures into their own errors.
 */
export async function readGgufHeader(file: FileHandle): Promise<GgufFileInfo> {
  const { size } = await file.stat();
  return readGguf(async (offset, length) => {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await file.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  }, size);
}
