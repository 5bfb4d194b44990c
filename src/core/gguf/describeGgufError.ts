import type { GgufError, GgufPart } from './ggufTypes';

/**
 * A GgufError as one plain sentence for people (the CLI's stderr, the extension's notification):
 * which file, which part of it, at which byte, what is wrong and what to do. The reader's own
 * detail stays at the end for whoever wants to look at the bytes.
 */
export function describeGgufError(error: GgufError, file: string, fileSize?: number): string {
  if (error.where.part === 'header' && error.byteOffset === 0 && error.kind === 'corrupt') {
    return `${file} is not a GGUF model file: at byte 0 it does not start with "GGUF" (${error.detail}): choose a .gguf file, or download it again.`;
  }
  const what = error.kind === 'truncated' ? 'is cut short' : error.kind === 'unsupported' ? 'uses a GGUF feature this reader does not support' : 'holds an impossible value';
  return `${file} is not a usable GGUF: ${partName(error.where)}, at byte ${error.byteOffset}, ${what} (${error.detail}). ${advice(error, fileSize)}`;
}

function partName(where: GgufPart): string {
  switch (where.part) {
    case 'header':
      return 'its header (magic, version and counts)';
    case 'metadata': {
      // 0-based, as the reader's own detail counts them.
      const key = `metadata key ${where.keyIndex} (keys 0–${where.keyCount - 1})`;
      return where.field === 'name' ? `the name of ${key}` : `the value of ${key}, "${where.key ?? '?'}"`;
    }
    case 'tensor-info':
      return `the description of tensor ${where.tensorIndex} (tensors 0–${where.tensorCount - 1})${where.tensor !== undefined ? `, "${where.tensor}"` : ''}`;
    case 'tensor-data':
      return `the data of tensor "${where.tensor}"`;
  }
}

function advice(error: GgufError, fileSize: number | undefined): string {
  if (error.kind === 'unsupported') return 'Convert the model again with a current llama.cpp (convert_hf_to_gguf.py), or download a newer GGUF of it.';
  const size = fileSize === undefined ? '' : ` (this copy has ${fileSize.toLocaleString('en-US')} bytes${error.expectedSize !== undefined ? `; a complete one has ${error.expectedSize.toLocaleString('en-US')}` : ''})`;
  if (error.kind === 'truncated') return `The download or copy was probably interrupted: download the file again${size}.`;
  return `The file is damaged or not a GGUF model: download it again${size}.`;
}
