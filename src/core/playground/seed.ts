import { DEFAULT_MAX_TOKENS } from '../engine/types';
import { fromPlain, JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import { readJsonDocument } from '../json/readJsonDocument';
import { parseToolsText } from '../loadInputs';
import { messageJson } from './conversation';
import { ruleJson } from './edits';
import { PLAYGROUND_DEFAULTS, PLAYGROUND_VERSION, type MockRule } from './types';

/** Where a new playground's tools come from. */
export type SeedSource =
  /** A tools file's text; with `toolsPath` (relative to the new playground) the file is referenced, else copied inline. */
  | { toolsText: string; toolsFile?: string; toolsPath?: string; query?: string }
  | { example: PlaygroundExampleId };

export type PlaygroundExampleId = 'weather';
export const PLAYGROUND_EXAMPLES: readonly PlaygroundExampleId[] = ['weather'];

/**
 * The text of a new `*.playground.json`. Tools text that is not a tools list throws an InputError
 * located in the tools file (as parseToolsText does): there is nothing sensible to seed from it.
 */
export function seedPlayground(source: SeedSource): string {
  if ('example' in source) return documentText(weatherExample());
  const tools = parseToolsText(source.toolsText, source.toolsFile);
  const toolsValue: JsonValue = source.toolsPath !== undefined ? new JsonObject([['path', source.toolsPath]]) : readJsonDocument(source.toolsText, source.toolsFile).value;
  // One empty rule list per tool: the Mocks pane has a place to start, and a run says what is missing.
  const mocks = new Map<string, MockRule[]>(tools.map((tool) => [tool.name, []]));
  return documentText({ tools: toolsValue, query: source.query ?? '', mocks });
}

interface SeedParts {
  tools: JsonValue;
  query: string;
  mocks: ReadonlyMap<string, readonly MockRule[]>;
}

function documentText(parts: SeedParts): string {
  const doc = new JsonObject([
    ['version', new JsonNumber(String(PLAYGROUND_VERSION))],
    ['format', PLAYGROUND_DEFAULTS.format],
    ['variant', PLAYGROUND_DEFAULTS.variant],
    ['sampling', new JsonObject([['temperature', new JsonNumber('0')], ['maxTokens', JsonNumber.fromNumber(DEFAULT_MAX_TOKENS)]])],
    ['grammar', PLAYGROUND_DEFAULTS.grammar],
    ['tools', parts.tools],
    ['messages', [messageJson({ role: 'user', content: parts.query })]],
    ['mocks', new JsonObject([...parts.mocks].map(([tool, rules]) => [tool, rules.map(ruleJson)] as const))],
  ]);
  return `${pyJsonDumps(doc, { indent: 2, ensureAscii: false })}\n`;
}

/** The xLAM README's weather tool (reference W1), two cities mocked and a default. */
function weatherExample(): SeedParts {
  const tools = fromPlain([
    {
      name: 'get_weather',
      description: 'Get the current weather for a location',
      parameters: {
        type: 'object',
        properties: {
          location: { type: 'string', description: 'The city and state, e.g. San Francisco, New York' },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'], description: 'The unit of temperature to return' },
        },
        required: ['location'],
      },
    },
  ]);
  const rule = (when: Record<string, string> | undefined, result: unknown): MockRule => ({ ...(when ? { when: fromPlain(when) as JsonObject } : {}), result: fromPlain(result) });
  const mocks = new Map([
    [
      'get_weather',
      [
        rule({ location: 'New York', unit: 'fahrenheit' }, { temperature: 72, unit: 'fahrenheit', description: 'Partly cloudy' }),
        rule({ location: 'New York' }, { temperature: 22, unit: 'celsius', description: 'Partly cloudy' }),
        { error: 'weather service: unknown location' },
      ],
    ],
  ]);
  return { tools, query: "What's the weather like in New York in fahrenheit?", mocks };
}
