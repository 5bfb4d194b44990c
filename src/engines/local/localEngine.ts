import { stat } from 'node:fs/promises';
import type { Llama, LlamaContext, LlamaContextSequence, LlamaGrammar, LlamaModel, Token } from './llamaTypes';
import { DEFAULT_MAX_TOKENS, EngineError, type Engine, type EngineInfo, type FinishReason, type GenerateRequest, type GenerateResult, type GrammarReport, type SamplingOptions } from '../../core/engine/types';
import type { PromptCompletion, PromptCompletionRequest } from '../../core/engine/promptCompletion';
import { renderRequest } from '../../core/engine/renderRequest';
import { outputFamily } from '../../core/formats/types';
import { buildToolsGrammar } from '../../core/grammar/toolsGrammar';
import { fileTypeName, guessFamily, type FamilyGuess, type ModelFacts } from '../../core/modelFamily';
import { pyJsonDumps } from '../../core/json/pyJsonDumps';
import { parseOutput } from '../../core/parse/parseOutput';
import { checkModelFile } from './ggufFile';
import { loadModelFile } from './loadModel';
import { getRuntime, nodeLlamaCpp, type GpuSetting } from './nodeLlamaCpp';
import { prefillPrompt } from './prefill';
import { COPY_MIN_TOKENS, copySequenceState } from './prefixCopy';
import { chooseSequenceCount, sequenceMemory, type SequenceSetting } from './sequenceCount';
import { commonPrefix, SequencePool, type SequenceSlot } from './sequencePool';
import { chooseThreadCount, machineThreadCount } from './threads';
import { nameProbabilities } from './nameProbabilities';

export interface LocalEngineOptions {
  modelPath: string;
  gpu?: GpuSetting;
  /** Undefined: 1 for a tiny model, else one per physical core (never node-llama-cpp's default of at least 4). */
  threads?: number;
  /** Per sequence. Undefined: the model's training context, capped at 8,192 tokens to bound memory. */
  contextSize?: number;
  /**
   * Sequences of the one context: that many runs at once, batched together (see sequenceCount.ts).
   * Undefined: 1, one run at a time. Each has the whole `contextSize`, so KV memory grows with it.
   */
  sequences?: SequenceSetting;
  signal?: AbortSignal;
  onLoadProgress?: (fraction: number) => void;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/**
 * Local inference on one GGUF through node-llama-cpp: one model, one context of N sequences; each
 * run takes a free sequence (the one holding the longest prefix of its prompt) and the rest wait.
 */
export class LocalEngine implements Engine {
  private readonly grammars = new Map<string, { grammar: Promise<LlamaGrammar>; report: GrammarReport }>();
  private firstRunLoadMs: number | undefined;
  private charCost: number | undefined;
  private disposed = false;

  private constructor(
    private readonly llama: Llama,
    readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly pool: SequencePool,
    readonly modelPath: string,
    readonly threads: number,
    loadMs: number,
  ) {
    this.firstRunLoadMs = loadMs;
  }

  static async create(options: LocalEngineOptions): Promise<LocalEngine> {
    const started = performance.now();
    // Our own reader first: a missing or damaged file fails at once, before the runtime starts.
    // A bad count fails before anything loads; "auto" is settled once the model's size is known.
    const fixedSequences = options.sequences === 'auto' ? undefined : chooseSequenceCount(options.sequences, undefined);
    const checked = await checkModelFile(options.modelPath);
    const threads = chooseThreadCount(options.threads, await fileSize(options.modelPath));
    // The runtime's bound is the machine's, so a tiny model's single thread does not cap the next model.
    const maxThreads = Math.max(threads, machineThreadCount());
    const llama = await getRuntime({ gpu: options.gpu ?? 'auto', maxThreads, ...(options.log ? { log: options.log } : {}) });
    const model = await loadModelFile(llama, options.modelPath, { ...(options.signal ? { signal: options.signal } : {}), ...(options.onLoadProgress ? { onProgress: options.onLoadProgress } : {}), checked });
    try {
      const contextSize = options.contextSize ?? Math.min(model.trainContextSize, 8192);
      const sequences = fixedSequences ?? chooseSequenceCount('auto', await sequenceMemory(llama, model, contextSize));
      const context = await model.createContext({ contextSize, threads, sequences });
      const { LlamaCompletion } = await nodeLlamaCpp();
      const slots: SequenceSlot[] = Array.from({ length: sequences }, (_, index) => {
        const sequence = context.getSequence();
        return { index, sequence, completion: new LlamaCompletion({ contextSequence: sequence }) };
      });
      return new LocalEngine(llama, model, context, new SequencePool(slots), options.modelPath, threads, Math.round(performance.now() - started));
    } catch (error) {
      await model.dispose();
      throw new EngineError('out-of-memory', `could not create a context for ${options.modelPath}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  info(): EngineInfo {
    return { kind: 'local', model: this.modelPath.split(/[\\/]/).pop() ?? this.modelPath, backend: this.llama.gpu === false ? 'cpu' : this.llama.gpu, parallel: this.pool.size };
  }

  /** Sequences of the context: how many runs go at once. */
  get sequences(): number {
    return this.pool.size;
  }

  /** The sequence the latest run took (benches read its token meter or clear it). */
  get lastSequence(): LlamaContextSequence {
    return this.pool.last.sequence;
  }

  /** What the file says about itself, and the format it most likely wants. */
  facts(): ModelFacts & { proposed: FamilyGuess | undefined } {
    const metadata = this.model.fileInfo.metadata;
    const general = metadata.general;
    const architecture = String(general.architecture);
    const archMeta = (metadata as unknown as Record<string, { context_length?: number } | undefined>)[architecture];
    const template = metadata.tokenizer.chat_template;
    const quantization = fileTypeName(general.file_type);
    const specialTokens = [this.model.tokens.bosString, this.model.tokens.eosString, this.model.tokens.eotString].filter((t): t is string => typeof t === 'string');
    const facts: ModelFacts = {
      architecture,
      specialTokens,
      ...(general.name !== undefined ? { name: general.name } : {}),
      ...(archMeta?.context_length !== undefined ? { contextLength: archMeta.context_length } : {}),
      ...(quantization !== undefined ? { quantization } : {}),
      ...(typeof template === 'string' ? { chatTemplate: template } : {}),
    };
    return { ...facts, proposed: guessFamily(facts) };
  }

  /** Resolves when no run is in flight or waiting, and no native work a cancel left is running. */
  /** The most runs that held a sequence at the same time since the model loaded. */
  peakParallelRuns(): number {
    return this.pool.peakLent;
  }

  idle(): Promise<void> {
    return this.pool.idle();
  }

  /** The tokens the latest run's sequence holds now (BOS included): what that run evaluated. */
  contextTokens(): readonly Token[] {
    return this.pool.last.sequence.contextTokens;
  }

  /** Tokens of `text` with special tokens on, exactly as a prompt is evaluated. */
  tokenize(text: string): Token[] {
    return this.model.tokenize(text, true);
  }

  generate(request: GenerateRequest): Promise<GenerateResult> {
    const rendered = renderRequest(request);
    return this.onSequence(rendered.prompt, async (slot, tokens) => {
      const sampling = { ...request.sampling, maxTokens: request.sampling?.maxTokens ?? DEFAULT_MAX_TOKENS };
      const constrained = request.grammar === 'tools' ? await this.grammarFor(request, sampling.maxTokens) : undefined;
      const generated: Token[] = [];
      const run = await this.evaluate(slot, tokens, { ...sampling, stop: [...rendered.stop, ...(sampling.stop ?? [])] }, constrained?.grammar, request.signal, request.onText, generated);
      const parsed = parseOutput(run.text, outputFamily(request.format));
      const confidence =
        request.confidence === true && run.finishReason !== 'cancelled'
          ? await nameProbabilities({ sequence: slot.sequence, model: this.model, evaluated: tokens.evaluated, generated, names: parsed.calls.map((call) => call.name), toolNames: request.tools.map((tool) => tool.name), sampling, toolsOnly: constrained !== undefined })
          : undefined;
      return {
        ...run,
        calls: parsed.calls,
        content: parsed.content,
        ...(parsed.thought !== undefined ? { thought: parsed.thought } : {}),
        ...(parsed.error ? { parseError: parsed.error } : {}),
        ...(constrained ? { grammar: constrained.report } : {}),
        ...(confidence ? { confidence } : {}),
      };
    });
  }

  /** A finished prompt string, evaluated as is (the server's `/v1/completions`). */
  complete(request: PromptCompletionRequest): Promise<PromptCompletion> {
    return this.onSequence(request.prompt, (slot, tokens) => this.evaluate(slot, tokens, request.sampling ?? {}, undefined, request.signal, request.onText));
  }

  /**
   * Runs `job` on a free sequence, the one holding the longest prefix of the prompt, waiting for
   * one when all are busy; a run never shares its sequence, so runs cannot corrupt each other.
   */
  private async onSequence<T>(prompt: string, job: (slot: SequenceSlot, tokens: PromptTokens) => Promise<T>): Promise<T> {
    if (this.disposed) throw new EngineError('disposed', 'the model was unloaded; load it again');
    const tokens = this.promptTokens(prompt);
    const slot = await this.pool.acquire(tokens.evaluated);
    try {
      await this.borrowPrefix(slot, tokens.evaluated);
      return await job(slot, tokens);
    } finally {
      // A run cancelled mid-prompt returns at once; the pool lends its sequence again when the chunk still in native code ends.
      this.pool.release(slot);
    }
  }

  /** When another sequence holds a much longer prefix of the prompt than this one, copy its state. */
  private async borrowPrefix(slot: SequenceSlot, evaluated: readonly Token[]): Promise<void> {
    const holder = this.pool.bestHolder(evaluated, slot);
    if (holder === undefined) return;
    const own = commonPrefix(slot.sequence.contextTokens, evaluated);
    if (holder.shared - own < COPY_MIN_TOKENS) return;
    try {
      await copySequenceState(holder.slot.sequence, slot.sequence);
    } catch {
      // A load that failed part-way may leave cells its token list does not show: start clean, evaluate instead.
      await slot.sequence.clearHistory().catch(() => undefined);
    }
  }

  /** Evaluates the prompt token-for-token and generates; a cancel returns the partial text. */
  private async evaluate(slot: SequenceSlot, tokens: PromptTokens, sampling: SamplingOptions, grammar: LlamaGrammar | undefined, signal: AbortSignal | undefined, onText: ((chunk: string) => void) | undefined, generated?: Token[]): Promise<PromptCompletion> {
    const started = performance.now();
    const { prompt: promptTokens, evaluated } = tokens;
    const cachedPromptTokens = Math.min(commonPrefix(slot.sequence.contextTokens, evaluated), evaluated.length - 1);
    const loadMs = this.firstRunLoadMs;
    this.firstRunLoadMs = undefined;
    let firstTextAt: number | undefined;
    let firstTokenAt: number | undefined;
    let completionTokens = 0;
    let text = '';
    let finishReason: FinishReason = 'cancelled';
    const prefill = signal?.aborted ? { aborted: true } : await prefillPrompt(slot.sequence, evaluated, signal, this.context.batchSize);
    if (prefill.pending) slot.background = prefill.pending;
    if (!prefill.aborted) {
      const { response, metadata } = await slot.completion.generateCompletionWithMeta(promptTokens, {
        maxTokens: sampling.maxTokens ?? DEFAULT_MAX_TOKENS,
        temperature: sampling.temperature ?? 0,
        ...(sampling.topP !== undefined ? { topP: sampling.topP } : {}),
        ...(sampling.seed !== undefined ? { seed: sampling.seed } : {}),
        ...(signal ? { signal, stopOnAbortSignal: true } : {}),
        ...(grammar ? { grammar } : {}),
        customStopTriggers: [...(sampling.stop ?? [])],
        // Tool-call JSON repeats keys and punctuation by nature; a repeat penalty corrupts it.
        repeatPenalty: false,
        onToken: (tokens) => {
          firstTokenAt ??= performance.now();
          completionTokens += tokens.length;
          generated?.push(...tokens);
        },
        onTextChunk: (chunk) => {
          firstTextAt ??= performance.now();
          onText?.(chunk);
        },
      });
      text = response;
      finishReason = metadata.stopReason === 'maxTokens' ? 'length' : metadata.stopReason === 'abort' ? 'cancelled' : 'stop';
    }
    const ended = performance.now();
    const decodeMs = firstTokenAt === undefined ? 0 : ended - firstTokenAt;
    return {
      text,
      finishReason,
      timings: {
        ...(loadMs !== undefined ? { loadMs } : {}),
        promptTokens: evaluated.length,
        cachedPromptTokens: signal?.aborted && completionTokens === 0 ? 0 : cachedPromptTokens,
        ttftMs: Math.round((firstTextAt ?? ended) - started),
        // The first token's time is prompt evaluation; decode speed counts the ones after it.
        tokensPerSecond: completionTokens > 1 && decodeMs > 0 ? ((completionTokens - 1) * 1000) / decodeMs : 0,
        completionTokens,
      },
    };
  }

  /**
   * The prompt as tokens (a BOS written as text is dropped because the completion adds its own),
   * and as the sequence will hold them (with that BOS).
   */
  private promptTokens(text: string): PromptTokens {
    const tokens = this.model.tokenize(text, true);
    const bos = this.model.tokens.bos;
    const addsBos = this.model.tokens.shouldPrependBosToken && bos !== null;
    const prompt = addsBos && tokens[0] === bos ? tokens.slice(1) : tokens;
    return { prompt, evaluated: addsBos ? [bos, ...prompt] : prompt };
  }

  /**
   * How many tokens one character of a string may cost: a byte-level vocabulary (it spells ASCII
   * words letter by letter, like our test model's) writes a character as its UTF-8 bytes, up to 4;
   * a real BPE vocabulary writes most text in fewer tokens than characters.
   */
  private tokensPerCharWorst(): number {
    this.charCost ??= this.model.tokenize('hello world city', false).length >= 12 ? 4 : 1;
    return this.charCost;
  }

  /** The tools grammar, its bounds fitted to the run's max tokens unless given; compiled once per key. */
  private async grammarFor(request: GenerateRequest, maxTokens: number): Promise<{ grammar: LlamaGrammar; report: GrammarReport }> {
    const family = outputFamily(request.format);
    const tokensPerChar = this.tokensPerCharWorst();
    const budgetChars = Math.floor(maxTokens / tokensPerChar);
    const options = { budgetChars, ...request.grammarLimits };
    // Fitting the bounds compiles the grammar a dozen times (~20 ms for 100 tools): once per
    // family, bounds and tools, not on every run.
    const key = `${family}:${JSON.stringify(options)}\n${request.tools.map((tool) => pyJsonDumps(tool.plain)).join('\n')}`;
    let cached = this.grammars.get(key);
    if (cached === undefined) {
      const built = buildToolsGrammar(request.tools, family, options);
      const report: GrammarReport = { limits: built.limits, maxOutputChars: built.maxOutputChars, dropped: built.dropped, budgetChars, tokensPerChar, ...(built.fitsBudget !== undefined ? { fitsBudget: built.fitsBudget } : {}) };
      // Our compiler writes no left recursion; anything llama.cpp still refuses is named, not a stack.
      const grammar = this.llama.createGrammar({ grammar: built.gbnf }).catch((error: unknown) => {
        throw new EngineError('grammar-rejected', `llama.cpp refused the grammar compiled from these tools (${error instanceof Error ? error.message : String(error)}); run without --grammar, or simplify the schemas: ${built.dropped.map((d) => `${d.path}: ${d.keyword}`).join('; ') || 'no keyword was dropped'}`, { cause: error });
      });
      cached = { grammar, report };
      this.grammars.set(key, cached);
      cached.grammar.catch(() => this.grammars.delete(key));
    }
    return { grammar: await cached.grammar, report: cached.report };
  }


  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    // Runs in flight end (their callers cancel them or they finish); waiting ones are refused.
    await this.pool.close(new EngineError('disposed', 'the model was unloaded; load it again'));
    for (const slot of this.pool.slots) slot.completion.dispose();
    await this.context.dispose();
    await this.model.dispose();
  }
}

export function createLocalEngine(options: LocalEngineOptions): Promise<LocalEngine> {
  return LocalEngine.create(options);
}

/** The file's size, or undefined when it cannot be read (loading then says why). */
async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

interface PromptTokens {
  /** What the completion is given (it adds the BOS itself). */
  prompt: Token[];
  /** What the sequence holds once the prompt is evaluated (BOS included). */
  evaluated: Token[];
}
