/*
 * The Conversation pane: the document's messages (content editable, calls shown as JSON), and a
 * form to add a user turn, an assistant turn with calls, a tool result or the system override.
 */
import type { NewMessagePayload, PlainJson } from '../src/shared/playgroundProtocol';
import { button, fill, h, iconAction } from './dom';
import { T } from './strings';

export interface ConversationPaneHost {
  setContent(index: number, content: string): void;
  addMessage(message: NewMessagePayload): void;
  removeMessage(index: number): void;
}

type Obj = { [key: string]: PlainJson };
const isObj = (value: PlainJson | undefined): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

export class ConversationPane {
  readonly root: HTMLElement;
  private readonly list = h('ol', { id: 'messages', class: 'messages' });
  private readonly role = h('vscode-single-select', { id: 'new-message-role' });
  private readonly content = h('textarea', { id: 'new-message-content', class: 'code small', attrs: { rows: '3', spellcheck: 'false', placeholder: T.content } });
  private readonly calls = h('textarea', { id: 'new-message-calls', class: 'code small', attrs: { rows: '3', spellcheck: 'false', placeholder: T.calls } });
  private readonly toolName = h('vscode-textfield', { id: 'new-message-tool', attrs: { placeholder: T.toolName } });
  private shownKey = '';
  private readonly error = h('div', { id: 'conversation-error', class: 'error', attrs: { role: 'alert', hidden: true } });

  constructor(private readonly host: ConversationPaneHost) {
    const options: Array<[string, string]> = [
      ['user', T.addUser],
      ['assistant', T.addAssistant],
      ['tool', T.addTool2],
      ['system', T.addSystem],
    ];
    fill(this.role, ...options.map(([value, label], i) => h('vscode-option', { attrs: { value, selected: i === 0 } }, label)));
    this.role.addEventListener('change', () => this.showFields());
    this.root = h(
      'section',
      { class: 'pane conversation-pane' },
      this.list,
      h('div', { class: 'add-message' }, h('label', { class: 'field' }, T.role, this.role), this.content, this.calls, this.toolName, button(T.addMessage, 'add', () => this.add(), { id: 'add-message' }), this.error),
    );
    this.showFields();
  }

  private get roleValue(): string {
    return this.role.value || 'user';
  }

  private showFields(): void {
    this.calls.hidden = this.roleValue !== 'assistant';
    this.toolName.hidden = this.roleValue !== 'tool';
  }

  private add(): void {
    this.error.hidden = true;
    const content = this.content.value;
    const role = this.roleValue;
    let message: NewMessagePayload;
    if (role === 'assistant') {
      let calls: unknown;
      try {
        calls = JSON.parse(this.calls.value.trim() === '' ? '[]' : this.calls.value);
      } catch (error) {
        this.fail(T.badJson(T.calls, error instanceof Error ? error.message : String(error)));
        return;
      }
      const list = Array.isArray(calls) ? calls : [calls];
      const valid = list.every((call) => isObj(call as PlainJson) && typeof (call as Obj).name === 'string');
      if (!valid) {
        this.fail(T.badJson(T.calls, 'each call is {"name": "…", "arguments": {…}}'));
        return;
      }
      message = { role: 'assistant', content, calls: (list as Obj[]).map((call) => ({ name: call.name as string, arguments: call.arguments ?? {} })) };
    } else if (role === 'tool') {
      const name = this.toolName.value.trim();
      message = { role: 'tool', content, ...(name !== '' ? { name } : {}) };
    } else {
      message = { role: role === 'system' ? 'system' : 'user', content };
    }
    this.host.addMessage(message);
    this.content.value = '';
    this.calls.value = '';
  }

  fail(message: string): void {
    this.error.hidden = false;
    this.error.textContent = message;
  }

  show(messages: PlainJson | undefined): void {
    const list = Array.isArray(messages) ? messages : [];
    const key = JSON.stringify(list);
    if (key === this.shownKey) return;
    const focused = document.activeElement;
    // A message being edited keeps its text: a re-render would move the caret.
    if (focused instanceof HTMLTextAreaElement && this.list.contains(focused)) return;
    this.shownKey = key;
    if (list.length === 0) {
      fill(this.list, h('li', { class: 'note' }, T.noMessages));
      return;
    }
    fill(this.list, ...list.map((message, index) => this.messageItem(message, index)));
  }

  private messageItem(message: PlainJson, index: number): HTMLElement {
    const m = isObj(message) ? message : {};
    const role = typeof m.role === 'string' ? m.role : '?';
    const content = typeof m.content === 'string' ? m.content : m.content === undefined || m.content === null ? '' : JSON.stringify(m.content);
    const text = h('textarea', { class: 'code small', attrs: { rows: String(Math.min(8, Math.max(1, content.split('\n').length))), spellcheck: 'false', 'aria-label': `${role} ${T.content}` } });
    text.value = content;
    text.addEventListener('change', () => this.host.setContent(index, text.value));
    const calls = Array.isArray(m.tool_calls) && m.tool_calls.length > 0 ? h('pre', { class: 'calls-json' }, JSON.stringify(m.tool_calls.map((call) => (isObj(call) && isObj(call.function) ? call.function : call)), null, 1)) : null;
    const name = typeof m.name === 'string' ? h('span', { class: 'note' }, m.name) : null;
    return h('li', { class: `message role-${role}`, dataset: { index: String(index), role } }, h('div', { class: 'message-head' }, h('vscode-badge', { attrs: { variant: 'counter' } }, role), name, iconAction('trash', `${T.remove} ${role}`, () => this.host.removeMessage(index))), text, calls);
  }
}
