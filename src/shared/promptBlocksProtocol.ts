/*
 * The one protocol between the host and the Prompt Blocks webview: every message in both
 * directions, the persisted UI state, and runtime validators. No `vscode` and no DOM here, so
 * the host, the webview bundle and node:test all import it. Incoming values are untrusted (a
 * webview is a web page): the host acts only on what `isWebviewToHostMessage` accepts.
 */
import { DEFAULT_VARIANT, FORMAT_IDS, VARIANTS, type BlockKind, type FormatId } from '../core/formats/types';

export { DEFAULT_VARIANT, FORMAT_IDS, VARIANTS, type BlockKind, type FormatId };

/** The webview panel type; also the key of its serializer and its `onWebviewPanel:` activation. */
export const PROMPT_BLOCKS_VIEW_TYPE = 'xlam.promptBlocks';

/** Longest query the webview may send (a query is typed text; anything larger is not one). */
export const MAX_QUERY_LENGTH = 100_000;
const MAX_URI_LENGTH = 8_192;

/** Every block kind, in the order the legend lists them. */
export const BLOCK_KINDS = [
  'bos',
  'system',
  'roleMarker',
  'blockMarker',
  'taskInstruction',
  'tools',
  'formatInstruction',
  'query',
  'history',
  'assistant',
  'toolCall',
  'toolResult',
  'generationPrompt',
] as const satisfies readonly BlockKind[];

// Compile-time check that BLOCK_KINDS lists every BlockKind: a new kind in core fails the build here.
type MissingKind = Exclude<BlockKind, (typeof BLOCK_KINDS)[number]>;
const everyKindListed: [MissingKind] extends [never] ? true : MissingKind = true;
void everyKindListed;

/** What the user chooses in the toolbar. */
export interface PanelOptions {
  format: FormatId;
  variant: string;
  query: string;
}

/** The webview's persisted state (getState/setState); the serializer revives a panel from it. */
export interface PanelState extends PanelOptions {
  /** `Uri.toString()` of the `*.tools.json` file. */
  toolsUri: string;
  /** Its file name, for display. */
  toolsName: string;
}

export interface BlockPayload {
  kind: BlockKind;
  text: string;
}

export interface LossPayload {
  tool: string;
  kind: string;
  detail: string;
}

/** Host → webview. */
export type HostToWebviewMessage =
  | {
      type: 'render';
      state: PanelState;
      /** Concatenated, the texts are exactly the prompt. */
      blocks: BlockPayload[];
      warnings: string[];
      losses: LossPayload[];
      stop: string[];
    }
  | {
      /** The tools file (or the render) failed: show it, keep the last good render. */
      type: 'renderError';
      state: PanelState;
      /** `file:line:col` when known, else the file path. */
      where: string;
      message: string;
      /** True when the host can put the cursor at the error (`goToError`). */
      canGoToError: boolean;
    };

/** Webview → host. */
export type WebviewToHostMessage =
  | { type: 'ready' }
  | { type: 'setOptions'; options: PanelOptions }
  | { type: 'goToError' };

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exactly these own keys, no more, no fewer: unknown fields mean a message we do not understand. */
function hasKeys(value: Json, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => Object.prototype.hasOwnProperty.call(value, key));
}

function isString(value: unknown, maxLength = Number.POSITIVE_INFINITY): value is string {
  return typeof value === 'string' && value.length <= maxLength;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isFormatId(value: unknown): value is FormatId {
  return typeof value === 'string' && (FORMAT_IDS as readonly string[]).includes(value);
}

export function isBlockKind(value: unknown): value is BlockKind {
  return typeof value === 'string' && (BLOCK_KINDS as readonly string[]).includes(value);
}

/** A format, a variant valid for it, and a query of sane length. */
export function isPanelOptions(value: unknown): value is PanelOptions {
  if (!isRecord(value) || !hasKeys(value, ['format', 'variant', 'query'])) return false;
  return isValidOptionFields(value);
}

function isValidOptionFields(value: Json): boolean {
  const { format, variant, query } = value;
  return isFormatId(format) && typeof variant === 'string' && VARIANTS[format].includes(variant) && isString(query, MAX_QUERY_LENGTH);
}

export function isPanelState(value: unknown): value is PanelState {
  if (!isRecord(value) || !hasKeys(value, ['format', 'variant', 'query', 'toolsUri', 'toolsName'])) return false;
  return isValidOptionFields(value) && isString(value.toolsUri, MAX_URI_LENGTH) && value.toolsUri !== '' && isString(value.toolsName, MAX_URI_LENGTH);
}

/** The host's gate: only messages this accepts are acted on. */
export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'goToError':
      return hasKeys(value, ['type']);
    case 'setOptions':
      return hasKeys(value, ['type', 'options']) && isPanelOptions(value.options);
    default:
      return false;
  }
}

function isBlockPayload(value: unknown): value is BlockPayload {
  return isRecord(value) && hasKeys(value, ['kind', 'text']) && isBlockKind(value.kind) && typeof value.text === 'string';
}

function isLossPayload(value: unknown): value is LossPayload {
  return isRecord(value) && hasKeys(value, ['tool', 'kind', 'detail']) && isString(value.tool) && isString(value.kind) && isString(value.detail);
}

/** The webview's gate for what the host posts (defence in depth; the host is trusted). */
export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  if (!isRecord(value) || !isPanelState(value.state)) return false;
  switch (value.type) {
    case 'render':
      return (
        hasKeys(value, ['type', 'state', 'blocks', 'warnings', 'losses', 'stop']) &&
        Array.isArray(value.blocks) &&
        value.blocks.every(isBlockPayload) &&
        isStringArray(value.warnings) &&
        Array.isArray(value.losses) &&
        value.losses.every(isLossPayload) &&
        isStringArray(value.stop)
      );
    case 'renderError':
      return hasKeys(value, ['type', 'state', 'where', 'message', 'canGoToError']) && isString(value.where) && isString(value.message) && typeof value.canGoToError === 'boolean';
    default:
      return false;
  }
}
