/**
 * The `xlam.*` setting keys the config facade reads. Kept free of `vscode` so a unit test can
 * check them against `contributes.configuration` in package.json.
 */
export const CONFIG_KEYS = [
  'format',
  'variant',
  'model.path',
  'model.gpu',
  'model.threads',
  'model.contextSize',
  'model.sequences',
  'endpoint.baseUrl',
  'endpoint.model',
  'endpoint.mode',
  'run.grammar',
  'run.maxTokens',
  'run.temperature',
  'lint.extraGlobs',
  'suite.concurrency',
  'suite.minConfidence',
] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** Settings a workspace could use against the user (a file to load, a server to send prompts to). */
export const RESTRICTED_KEYS = ['model.path', 'endpoint.baseUrl'] as const satisfies readonly ConfigKey[];

/** Settings that only take effect when the model is loaded again. */
export const MODEL_RELOAD_KEYS = ['model.gpu', 'model.threads', 'model.contextSize', 'model.sequences'] as const satisfies readonly ConfigKey[];
