/** Parameter schemas with `x` required, `$defs` beside. */
export const withDefs = (x: object, defs: object) => ({ type: 'object', properties: { x }, required: ['x'], $defs: defs });

/** Recursive $ref schemas that reach themselves before any text (issue 15: node-llama-cpp refused them). */
export const LEFT_RECURSIVE_SCHEMAS: Record<string, object> = {
  'anyOf with itself': withDefs({ $ref: '#/$defs/A' }, { A: { anyOf: [{ $ref: '#/$defs/A' }, { type: 'string' }] } }),
  'a bare self-reference': withDefs({ $ref: '#/$defs/A' }, { A: { $ref: '#/$defs/A' } }),
  'two refs in a ring': withDefs({ $ref: '#/$defs/A' }, { A: { oneOf: [{ $ref: '#/$defs/B' }, { type: 'integer' }] }, B: { anyOf: [{ $ref: '#/$defs/A' }, { type: 'null' }] } }),
  'the root itself': { type: 'object', properties: { x: { anyOf: [{ $ref: '#/properties/x' }, { type: 'boolean' }] } } },
  // B is first compiled inside an array (guarded), then reached again at A's start.
  'a ring closed through a ref compiled earlier': withDefs({ $ref: '#/$defs/A' }, { A: { anyOf: [{ type: 'array', items: { $ref: '#/$defs/B' } }, { $ref: '#/$defs/B' }] }, B: { anyOf: [{ $ref: '#/$defs/A' }, { type: 'string' }] } }),
};
