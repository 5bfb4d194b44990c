/*
 * The one way the webview builds DOM: elements with properties, listeners and children, where
 * every string child becomes a text node. No innerHTML anywhere: user and model text is text.
 */

export type Child = Node | string | null | undefined | false;

export interface Props {
  id?: string;
  class?: string;
  title?: string;
  /** Attributes (custom elements read theirs: `icon`, `secondary`, `label`, …); `true` sets an empty one. */
  attrs?: Record<string, string | boolean | undefined>;
  dataset?: Record<string, string>;
  on?: Record<string, (event: Event) => void>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  if (props.id !== undefined) node.id = props.id;
  if (props.class !== undefined) node.className = props.class;
  if (props.title !== undefined) node.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === true) node.setAttribute(name, '');
    else if (typeof value === 'string') node.setAttribute(name, value);
  }
  for (const [key, value] of Object.entries(props.dataset ?? {})) node.dataset[key] = value;
  for (const [event, listener] of Object.entries(props.on ?? {})) node.addEventListener(event, listener);
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces the children of `parent` (strings as text). */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A vscode-elements button with a codicon. */
export function button(label: string, icon: string | undefined, onClick: () => void, options: { secondary?: boolean; id?: string; title?: string } = {}): HTMLElement {
  return h('vscode-button', { ...(options.id !== undefined ? { id: options.id } : {}), title: options.title ?? label, attrs: { icon, secondary: options.secondary === true }, on: { click: onClick } }, label);
}

/** An icon-only action (a codicon button), labelled for screen readers. */
export function iconAction(icon: string, label: string, onClick: () => void): HTMLElement {
  return h('vscode-icon', { title: label, attrs: { name: icon, 'action-icon': true, label }, on: { click: onClick } });
}
