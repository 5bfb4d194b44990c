/**
 * Switches for the cold lint's shortcuts, each of which skips work that provably cannot change a
 * diagnostic. Always on; test/unit/lint/fastPath.test.ts turns them off to check that the full
 * path gives exactly the same diagnostics.
 */
export const fastPaths = {
  /** Skip meta-validating a schema whose every node is plain (plainSchema.ts). */
  plainSchemas: true,
};
