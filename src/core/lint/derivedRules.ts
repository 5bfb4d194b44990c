import { RuleSet } from '../grammar/gbnf';
import { SchemaCompiler } from '../grammar/schemaToGbnf';
import { isJsonObject, type JsonObject } from '../json/jsonValue';
import { convertToolForV1, type ConversionLoss } from '../tools/convertForV1';
import type { Tool } from '../tools/tool';
import type { JsonPath } from './diagnostic';
import { pointerSegments, resolvePointer } from './metaErrors';
import type { RefUse } from './refRules';
import type { SchemaScope } from './schemaRules';

/**
 * What the grammar mode cannot enforce, exactly as the grammar compiler reports it (running it
 * is the one source of truth). Unresolved `$ref`s and unknown `type`s have their own rules.
 */
export function reportGrammarGaps(scope: SchemaScope, params: JsonObject): void {
  // Drops only: the rule text would be thrown away (it is most of the compiler's work).
  const compiler = new SchemaCompiler(new RuleSet(), params, undefined, true);
  compiler.compile(params, '', 'lint');
  if (compiler.dropped.length === 0) return;
  const seen = new Set<string>();
  const rootSpan = scope.loc.container(params);
  const dropped = compiler.dropped;
  for (let i = 0; i < dropped.length; i++) {
    const drop = dropped[i] as (typeof dropped)[number];
    if (drop.keyword.startsWith('type "') || drop.keyword.startsWith('$ref "')) continue;
    const id = `${drop.path}\u0000${drop.keyword}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const target = resolvePointer(scope.loc, params, rootSpan, pointerSegments(drop.path === '/' ? '' : drop.path));
    const { keyword, message } = dropWording(drop.keyword);
    const node = target.value;
    const keySpan = keyword !== undefined && isJsonObject(node) ? scope.loc.key(node, keyword) : undefined;
    const span = keySpan ?? (isJsonObject(node) ? scope.loc.head(node) : target.span);
    const path: JsonPath = [...scope.base, ...target.path, ...(keySpan !== undefined && keyword !== undefined ? [keyword] : [])];
    scope.rep.add('grammar-unenforced', span, message, { path });
  }
}

interface DropWording {
  /** The keyword to point at (a drop may say more, e.g. `additionalProperties (only …)`). */
  keyword: string | undefined;
  message: string;
}

/** Wording by dropped keyword: the same few keywords recur in every tool (one message string each). */
const wordings = new Map<string, DropWording>();

function dropWording(dropped: string): DropWording {
  let wording = wordings.get(dropped);
  if (wording === undefined) {
    const what = /^\$?[A-Za-z]+$/.test(dropped) ? `"${dropped}"` : dropped;
    wording = { keyword: /^\$?[A-Za-z]+/.exec(dropped)?.[0], message: `the grammar mode does not enforce ${what}: constrained output may still violate it` };
    if (wordings.size >= 1000) wordings.clear();
    wordings.set(dropped, wording);
  }
  return wording;
}

/**
 * What the fc v1 tool conversion drops (card variant: the one the model card uses). The root
 * `"type": "object"` is not reported: v1 writes `parameters` as the properties map by design.
 */
export function reportV1Losses(scope: SchemaScope, tool: Tool, params: JsonObject, refs: readonly RefUse[]): void {
  const losses: ConversionLoss[] = [];
  convertToolForV1(tool, 'card', losses);
  for (const loss of losses) {
    let key: string | undefined;
    if (loss.kind === 'type') key = params.get('type') === 'object' ? undefined : 'type';
    else if (loss.kind === 'required') key = 'required';
    else if (loss.kind === 'extra-key') key = /^"(.*)" of "parameters"/.exec(loss.detail)?.[1];
    if (loss.kind === 'nested-ref') {
      // One per $ref, each where it is written (the conversion reports them as one loss).
      const nested = refs.filter((use) => use.pointer.startsWith('/properties/'));
      for (const ref of nested) scope.rep.add('fc-v1-loss', ref.span, `fc v1 drops this: "$ref": ${JSON.stringify(ref.ref)} is passed as text; the model never sees its target`, { path: ref.path });
      if (nested.length === 0) scope.rep.add('fc-v1-loss', scope.loc.head(params), `fc v1 drops this: ${loss.detail}`, { path: scope.base });
    } else if (key !== undefined) {
      scope.rep.add('fc-v1-loss', scope.loc.key(params, key), `fc v1 drops this: ${loss.detail}`, { path: [...scope.base, key] });
    }
  }
}
