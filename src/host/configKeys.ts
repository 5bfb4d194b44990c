/**
 * The `xlam.*` setting keys the config facade reads. Kept free of `vscode` so a unit test can
 * check them against `contributes.configuration` in package.json.
 */
export const CONFIG_KEYS = ['format', 'variant'] as const;
