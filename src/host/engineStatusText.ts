import type { EngineInfo } from '../core/engine/types';
import type { EngineSnapshot } from './engineScope';

/*
 * What the engine status-bar item says for a snapshot: kind, model, backend, state. Pure (no
 * `vscode`) so a unit test pins the text the e2e scenarios look for.
 */

export interface EngineStatusView {
  text: string;
  tooltip: string;
  /** Shown with the error background. */
  error: boolean;
}

/** "cpu", "cuda", … for a local model; the endpoint's host for a remote one. */
export function backendLabel(info: EngineInfo): string {
  if (info.kind === 'local') return info.backend;
  try {
    return new URL(info.backend).host;
  } catch {
    return info.backend;
  }
}

export function engineStatusView(snapshot: EngineSnapshot): EngineStatusView {
  const info = snapshot.info;
  const what = info ? `${info.kind} · ${info.model} · ${backendLabel(info)}` : '';
  const lines = (...parts: Array<string | undefined>): string => parts.filter((part): part is string => part !== undefined && part !== '').join('\n');
  const engineLines = info ? [`Engine: ${info.kind}`, `Model: ${info.model}`, `Backend: ${info.backend}`] : [];
  switch (snapshot.state) {
    case 'none':
      return { text: '$(circle-slash) xLAM: no model', tooltip: lines('xLAM: no model or endpoint loaded', 'Click for engine commands'), error: false };
    case 'loading':
      return { text: `$(loading~spin) xLAM: loading ${snapshot.loading ?? ''}…`, tooltip: lines(`xLAM: loading ${snapshot.loading ?? ''}`, 'Click for engine commands'), error: false };
    case 'idle':
      return { text: `${info?.kind === 'remote' ? '$(cloud)' : '$(chip)'} xLAM ${what} · idle`, tooltip: lines(...engineLines, snapshot.details, 'State: idle', 'Click for engine commands'), error: false };
    case 'generating':
      return { text: `$(loading~spin) xLAM ${what} · generating`, tooltip: lines(...engineLines, snapshot.details, 'State: generating', 'Click for engine commands'), error: false };
    case 'error':
      return {
        text: what ? `$(error) xLAM ${what} · error` : '$(error) xLAM: error',
        tooltip: lines(...engineLines, `Error: ${snapshot.error ?? 'unknown'}`, 'Click for engine commands'),
        error: true,
      };
  }
}
