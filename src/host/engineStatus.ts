import * as vscode from 'vscode';
import type { EngineScope } from './engineScope';
import { engineStatusView } from './engineStatusText';
import { STRINGS } from './strings';

/** The status-bar item that follows the engine scope; a click opens the engine commands. */
export function createEngineStatusItem(scope: EngineScope): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('xlam.engine', vscode.StatusBarAlignment.Left, 20);
  item.name = STRINGS.engine.statusName;
  item.command = 'xlam.engineActions';
  const update = (): void => {
    const view = engineStatusView(scope.snapshot());
    item.text = view.text;
    item.tooltip = view.tooltip;
    // Screen readers get the words without the $(icon) markers.
    item.accessibilityInformation = { label: view.text.replace(/\$\([^)]*\)\s*/g, '') };
    item.backgroundColor = view.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  };
  update();
  item.show();
  const subscription = scope.onDidChange(update);
  return {
    dispose: () => {
      subscription.dispose();
      item.dispose();
    },
  };
}
