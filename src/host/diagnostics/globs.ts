/*
 * Glob patterns of `xlam.lint.extraGlobs`, matched without `vscode` (unit-tested), so a closed
 * file found on disk is classified exactly like an open document. VS Code glob syntax: `**`
 * (any number of folders), `*` and `?` (within one folder), `{a,b}`, `[a-z]` / `[!a-z]`.
 */

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const hit = cache.get(glob);
  if (hit !== undefined) return hit;
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        out += '(?:.*/)?';
      } else out += '.*';
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        const negated = body.startsWith('!') || body.startsWith('^');
        if (negated) body = body.slice(1);
        out += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = close;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  out += ')'.repeat(braces);
  const regex = new RegExp(`^${out}$`);
  if (cache.size > 200) cache.clear();
  cache.set(glob, regex);
  return regex;
}

/**
 * Whether a file matches one of `globs`: against its absolute path (how a DocumentFilter pattern
 * matches) or its path relative to its workspace folder (how findFiles and watchers match).
 */
export function matchesAnyGlob(globs: readonly string[], absolutePath: string, relativePath: string | undefined): boolean {
  return globs.some((glob) => {
    const regex = globToRegExp(glob.replace(/\\/g, '/'));
    return regex.test(absolutePath) || (relativePath !== undefined && regex.test(relativePath));
  });
}

/** URI schemes whose documents are linted: files and unsaved editors, not git: or diff views. */
export const LINTED_SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled']);
