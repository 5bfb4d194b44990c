/*
 * Which of the host's prompt renders may replace the prompt shown. While the user types, the
 * webview shows its own render of each keystroke (localPrompt.ts); the host's renders of earlier
 * keystrokes still arrive after it, and showing one would put the preview back a few characters
 * (and tell the user the model gets a text it no longer gets). A host render is shown when it was
 * made from the Tools text the webview last previewed, or when no preview is waiting on the host.
 * No DOM: unit-tested.
 */
export class HostRenderGate {
  /** The Tools text of the local preview on screen, until the host has rendered that text. */
  private previewed: string | undefined;
  /** The Tools text of the host's last documentState: the promptRendered that follows is of that text. */
  private hostText: string | null = null;

  /** A keystroke's local preview was shown for `toolsText` (undefined: none could be made, e.g. the JSON is broken). */
  preview(toolsText: string | undefined): void {
    this.previewed = toolsText;
  }

  /** The host's view of the document; its prompt render follows. */
  documentState(toolsText: string | null): void {
    this.hostText = toolsText;
  }

  /** The Tools pane has no edit in flight any more: the document is the truth again, whatever it holds. */
  settled(): void {
    this.previewed = undefined;
  }

  /** May the host's render (of the last documentState's text) replace what is shown? */
  showsHostRender(): boolean {
    if (this.previewed === undefined) return true;
    if (this.hostText !== this.previewed) return false;
    this.previewed = undefined;
    return true;
  }
}
