import * as vscode from 'vscode';
import { grammarReportJson, runNotes, timingSummary } from '../core/engine/runReport';
import { EngineError, type GenerateRequest, type GenerateResult } from '../core/engine/types';
import { FORMAT_IDS, VARIANTS, type FormatId } from '../core/formats/types';
import { JsonNumber, JsonObject, type JsonValue } from '../core/json/jsonValue';
import { pyJsonDumps } from '../core/json/pyJsonDumps';
import { userMessage } from '../core/messages';
import type { CommandContext } from './commands';
import { readEngineSettings, readPromptSettings } from './config';
import { logFailure } from './commandHelpers';
import { remoteModeOf } from './endpointCommands';
import { engineFromSettings } from './engineCommands';
import { messageOf } from './engineScope';
import { backendLabel } from './engineStatusText';
import { STRINGS } from './strings';
import { askQuery, readToolsOrReport, toolsDocument } from './toolsInput';

/*
 * "xLAM: Run Query": the tools file and a query through the current engine. The raw output streams
 * into the "xLAM Run" output channel; the parsed result opens beside as a read-only JSON document.
 */

const S = STRINGS.engine;
export const RUN_SCHEME = 'xlam-run';

/** Per-run overrides of the settings, for tests and other commands. */
interface RunOptions {
  grammar?: boolean;
  maxTokens?: number;
  temperature?: number;
  seed?: number;
  /** Tools grammar bounds (defaults in the grammar). */
  maxStringChars?: number;
  maxCalls?: number;
  format?: FormatId;
  variant?: string;
}

/** The run output channel and the read-only result documents. */
export class RunResults implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly texts = new Map<string, string>();
  readonly output = vscode.window.createOutputChannel(S.runChannel);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** One result document per tools file, updated by each run on it. */
  async show(toolsName: string, text: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: RUN_SCHEME, path: `/${toolsName.replace(/\.tools\.json$/i, '')} · result.json` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  }

  dispose(): void {
    this.changed.dispose();
    this.output.dispose();
  }
}

/** `(toolsUri?: Uri, query?: string, options?: RunOptions)`; returns the GenerateResult, or undefined. */
export async function runQuery(ctx: CommandContext, uriArg?: unknown, queryArg?: unknown, optionsArg?: unknown): Promise<GenerateResult | undefined> {
  const toolsDoc = await toolsDocument(uriArg);
  if (toolsDoc === undefined) {
    void vscode.window.showInformationMessage(STRINGS.noToolsFileFor('Run Query'));
    return undefined;
  }
  const engine = ctx.engines.current ?? (await engineFromSettings(ctx));
  if (engine === undefined) {
    // Nothing loaded and nothing in the settings (or it failed, and said why already).
    if (ctx.engines.snapshot().state !== 'error') {
      void vscode.window.showInformationMessage(S.noEngine, S.selectModelFile, S.connectEndpoint).then(async (choice) => {
        if (choice === S.selectModelFile) await vscode.commands.executeCommand('xlam.selectModelFile');
        if (choice === S.connectEndpoint) await vscode.commands.executeCommand('xlam.connectEndpoint');
      });
    }
    return undefined;
  }
  const query = await askQuery(queryArg);
  if (query === undefined) return undefined;
  const tools = readToolsOrReport(toolsDoc);
  if (tools === undefined) return undefined;
  const options = runOptions(optionsArg);
  const prompt = readPromptSettings((problem) => ctx.log.warn(problem));
  const format = options.format ?? prompt.format;
  const variant = options.variant !== undefined && VARIANTS[format].includes(options.variant) ? options.variant : format === prompt.format ? prompt.variant : undefined;
  const run = readEngineSettings((problem) => ctx.log.warn(problem)).run;
  const info = engine.info();
  let grammar = options.grammar ?? run.grammar;
  // Raw mode posts the exact prompt to /v1/completions, which has no way to take our grammar.
  if (grammar && remoteModeOf(engine) === 'raw') {
    grammar = false;
    void vscode.window.showInformationMessage(S.rawIgnoresGrammar);
  }
  const request: GenerateRequest = {
    format,
    ...(variant !== undefined ? { variant } : {}),
    tools,
    messages: [userMessage(query)],
    grammar: grammar ? 'tools' : 'none',
    sampling: { maxTokens: options.maxTokens ?? run.maxTokens, temperature: options.temperature ?? run.temperature, ...(options.seed !== undefined ? { seed: options.seed } : {}) },
    ...(options.maxStringChars !== undefined || options.maxCalls !== undefined
      ? { grammarLimits: { ...(options.maxStringChars !== undefined ? { maxStringChars: options.maxStringChars } : {}), ...(options.maxCalls !== undefined ? { maxCalls: options.maxCalls } : {}) } }
      : {}),
  };
  const toolsName = toolsDoc.uri.path.split('/').pop() ?? 'tools.json';
  const output = ctx.runResults.output;
  output.clear();
  output.appendLine(`# ${info.model} (${info.kind}, ${backendLabel(info)}) · ${format}${variant !== undefined ? `/${variant}` : ''} · grammar ${grammar ? 'on' : 'off'} · ${toolsName}`);
  output.appendLine(`# query: ${query}`);
  output.show(true);

  const started = performance.now();
  let result: GenerateResult;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: S.running(info.model), cancellable: true }, async (_progress, token) => {
      const cancel = new AbortController();
      const subscription = token.onCancellationRequested(() => cancel.abort());
      const stream = batchedAppend(output);
      try {
        return await ctx.engines.generate({ ...request, signal: cancel.signal, onText: stream.append });
      } finally {
        stream.flush();
        subscription.dispose();
      }
    });
  } catch (error) {
    output.appendLine('');
    if (error instanceof EngineError && error.code === 'cancelled') {
      output.appendLine('# cancelled');
      void vscode.window.showInformationMessage(S.runCancelled);
      return undefined;
    }
    output.appendLine(`# failed: ${messageOf(error)}`);
    logFailure(ctx, `run on ${info.kind} ${info.model} failed`, error);
    void vscode.window.showErrorMessage(S.runFailed(messageOf(error)));
    return undefined;
  }
  const ms = Math.round(performance.now() - started);
  const t = result.timings;
  output.appendLine('');
  output.appendLine(`# ${ms} ms: ${timingSummary(result)}`);
  const notes = runNotes(result, request.sampling?.maxTokens ?? run.maxTokens, 'xlam.run.maxTokens');
  for (const note of notes) output.appendLine(`# ${note}`);
  if (notes.length > 0) ctx.log.info(`run notes: ${notes.join('; ')}`);
  ctx.log.info(`run on ${info.kind} ${info.model} in ${ms} ms: ${result.calls.length} call(s), ${t.completionTokens} tokens at ${t.tokensPerSecond.toFixed(1)} tok/s, ttft ${t.ttftMs} ms (${format}, grammar ${grammar ? 'on' : 'off'}, prompt ${t.promptTokens} tokens, ${t.cachedPromptTokens} cached${t.loadMs !== undefined ? `, load ${t.loadMs} ms` : ''}, finish ${result.finishReason})`);
  await ctx.runResults.show(toolsName, resultDocument(result, { query, format, variant, grammar, engine: info, ms }));
  if (result.calls.length > 0) {
    void vscode.window.showInformationMessage(S.runResult(result.calls.length, result.calls.map((call) => call.name).join(', '), ms));
  } else {
    void vscode.window.showWarningMessage(S.runNoCalls(result.parseError?.message ?? `finish reason ${result.finishReason}`, ms));
  }
  return result;
}

/**
 * Streams text into the channel a few times a second instead of once per token: every append is a
 * message to the window and a redraw of the Output view, which on a small machine competes with
 * llama.cpp's threads; four updates a second are enough to watch the output grow.
 */
function batchedAppend(output: vscode.OutputChannel, intervalMs = 250): { append: (chunk: string) => void; flush: () => void } {
  let pending = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (pending !== '') output.append(pending);
    pending = '';
  };
  return {
    append: (chunk) => {
      pending += chunk;
      timer ??= setTimeout(flush, intervalMs);
    },
    flush,
  };
}

function runOptions(value: unknown): RunOptions {
  if (typeof value !== 'object' || value === null) return {};
  const o = value as Record<string, unknown>;
  const num = (key: string, valid: (n: number) => boolean): number | undefined => (typeof o[key] === 'number' && valid(o[key]) ? o[key] : undefined);
  const positive = (n: number): boolean => Number.isInteger(n) && n > 0;
  const options: RunOptions = {};
  if (typeof o.grammar === 'boolean') options.grammar = o.grammar;
  const maxTokens = num('maxTokens', positive);
  if (maxTokens !== undefined) options.maxTokens = maxTokens;
  const temperature = num('temperature', (n) => n >= 0 && n <= 2);
  if (temperature !== undefined) options.temperature = temperature;
  const seed = num('seed', Number.isInteger);
  if (seed !== undefined) options.seed = seed;
  const maxStringChars = num('maxStringChars', positive);
  if (maxStringChars !== undefined) options.maxStringChars = maxStringChars;
  const maxCalls = num('maxCalls', positive);
  if (maxCalls !== undefined) options.maxCalls = maxCalls;
  if (typeof o.format === 'string' && (FORMAT_IDS as readonly string[]).includes(o.format)) options.format = o.format as FormatId;
  if (typeof o.variant === 'string') options.variant = o.variant;
  return options;
}

/** The result as a JSON document: calls first (what the user came for), the raw text last. */
function resultDocument(result: GenerateResult, run: { query: string; format: FormatId; variant: string | undefined; grammar: boolean; engine: { kind: string; model: string; backend: string }; ms: number }): string {
  const n = (value: number): JsonNumber => JsonNumber.fromNumber(Math.round(value * 10) / 10);
  const t = result.timings;
  const timings = new JsonObject([
    ...(t.loadMs !== undefined ? ([['loadMs', n(t.loadMs)]] as Array<[string, JsonValue]>) : []),
    ['wallMs', n(run.ms)],
    ['ttftMs', n(t.ttftMs)],
    ['tokensPerSecond', n(t.tokensPerSecond)],
    ['promptTokens', n(t.promptTokens)],
    ['cachedPromptTokens', n(t.cachedPromptTokens)],
    ['completionTokens', n(t.completionTokens)],
  ]);
  const doc = new JsonObject([
    ['calls', result.calls.map((call) => new JsonObject([['name', call.name], ['arguments', call.arguments]]))],
    ['content', result.content],
    ...(result.thought !== undefined ? ([['thought', result.thought]] as Array<[string, JsonValue]>) : []),
    ...(result.parseError ? ([['parseError', new JsonObject([['message', result.parseError.message], ['offset', n(result.parseError.offset)]])]] as Array<[string, JsonValue]>) : []),
    ['finishReason', result.finishReason],
    ['query', run.query],
    ['format', run.variant !== undefined ? `${run.format}/${run.variant}` : run.format],
    ['grammar', result.grammar ? grammarReportJson(result.grammar) : run.grammar],
    ['engine', new JsonObject([['kind', run.engine.kind], ['model', run.engine.model], ['backend', run.engine.backend]])],
    ['timings', timings],
    ['text', result.text],
  ]);
  return `${pyJsonDumps(doc, { indent: 2, ensureAscii: false })}\n`;
}
