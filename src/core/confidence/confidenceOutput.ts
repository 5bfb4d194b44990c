import { JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import type { CallConfidence, RunConfidence } from './types';

/** Probabilities are shown and written to 3 significant digits (more are noise between backends; a tiny p stays above 0). */
export function roundP(p: number): number {
  return Number(p.toPrecision(3));
}

/** `0.62 (get_weather 0.62 · get_forecast 0.35)`, or `0.98` when no candidate left the name. */
export function confidenceText(confidence: CallConfidence): string {
  const p = String(roundP(confidence.p));
  if (confidence.alternatives.length === 0) return p;
  return `${p} (${alternativesText(confidence)})`;
}

/** `get_weather 0.62 · get_forecast 0.35`. */
export function alternativesText(confidence: CallConfidence): string {
  return confidence.alternatives.map((a) => `${a.name} ${roundP(a.p)}`).join(' · ');
}

/** `{"p": …, "alternatives": [{"name", "p"}, …]}`, or null. */
export function confidenceJson(confidence: CallConfidence | null | undefined): JsonValue {
  if (confidence === null || confidence === undefined) return null;
  const alternatives = confidence.alternatives.map((a) => new JsonObject([['name', a.name], ['p', JsonNumber.fromNumber(roundP(a.p), true)]]));
  return new JsonObject([['p', JsonNumber.fromNumber(roundP(confidence.p), true)], ['alternatives', alternatives]]);
}

/** Call `index`'s confidence in a run, or null (none asked, name not found, or unavailable). */
export function confidenceOfCall(run: RunConfidence | undefined, index: number): CallConfidence | null {
  return run?.calls?.[index] ?? null;
}

/** The lowest call confidence of a run; undefined when no call has one. */
export function lowestConfidence(run: RunConfidence | undefined): number | undefined {
  const ps = (run?.calls ?? []).filter((c): c is CallConfidence => c !== null).map((c) => c.p);
  return ps.length === 0 ? undefined : Math.min(...ps);
}
