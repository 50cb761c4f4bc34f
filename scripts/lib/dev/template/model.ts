import { javascriptParser, memberName, propertyKey, stringValue, type Node as JsNode } from '../../parse/javascript.js';
import { tagArguments, tagName, type JinjaToken } from '../../parse/jinja.js';
import { pythonParser, type Node as PyNode } from '../../parse/python.js';
import { attribute, elementAt, type Element, type Template } from '../../parse/template-tree.js';
import { boundNames } from '../python/module.js';

/** One `createApp({...})` of the template's scripts. */
export interface VueApp {
  call: JsNode;
  /** The options object: given inline, or a `const` of the same scripts; undefined when it cannot be read. */
  options: JsNode | undefined;
  /** The options' members by key. */
  keys: Map<string, JsNode>;
  /** Whether the options spread another object in (`...base`), so a missing key may come from there. */
  spreads: boolean;
  /** The variable holding the app (`const app = createApp(...)`). */
  variable: string | undefined;
  /** `.mount("#app")` of this app (chained or through its variable). */
  mount: { call: JsNode; selector: string | undefined } | undefined;
  /** Every name the Vue template can read: data, computed, methods and props. */
  names: Set<string>;
}

/** A `{{ ... }}` of the template, with the names its expression reads. */
export interface JinjaExpression {
  token: JinjaToken;
  /** Free names (attribute names, keyword names, filter and test names aside). */
  names: string[];
  /** Names a Jinja statement around it binds (`{% for item in items %}`, `{% set %}`, macro parameters). */
  jinjaBound: Set<string>;
  /** Whether the text Jinja renders here becomes part of the Vue app's template (inside the mount element, outside scripts). */
  insideMount: boolean;
  /** Names the Vue template binds around it (`v-for` aliases, slot props); empty outside the mount element. */
  vueScope: Set<string>;
}

export interface Block {
  name: string;
  /** The `{% block %}` tag. */
  open: JinjaToken;
  /** Offset just past the opening tag and of the `{% endblock %}` tag (the end of the file when unclosed). */
  bodyStart: number;
  bodyEnd: number;
}

export interface TemplateModel {
  template: Template;
  apps: VueApp[];
  /** The layout named by `{% extends "..." %}`, as written. */
  extends: string | undefined;
  blocks: Block[];
  /** The element the apps mount on, when this template holds it. */
  mountElement: Element | undefined;
  /**
   * Names of this template's blocks that end up inside the mount element of a layout it extends, when the
   * mount element is there; undefined when nothing is known of the layouts.
   */
  mountBlocks: ReadonlySet<string> | undefined;
  expressions: JinjaExpression[];
}

/** A Jinja tag with its matching end tag: the scopes that bind names and the blocks. */
interface Pair {
  open: JinjaToken;
  name: string;
  /** Offset of the end tag (the end of the file when unclosed). */
  close: number;
}

const paired = new Set(['block', 'for', 'with', 'macro', 'call', 'filter', 'if', 'set', 'autoescape', 'trans']);

function pairTags(tokens: JinjaToken[], length: number): Pair[] {
  const pairs: Pair[] = [];
  const stack: Pair[] = [];
  for (const token of tokens) {
    if (token.kind !== 'block') continue;
    const name = tagName(token);
    // `{% set x = 1 %}` is a statement; only `{% set x %}...{% endset %}` has a body
    if (name === 'set' && tagArguments(token).text.includes('=')) {
      pairs.push({ open: token, name, close: length });
      continue;
    }
    if (paired.has(name)) {
      const pair = { open: token, name, close: length };
      stack.push(pair);
      pairs.push(pair);
    } else if (name.startsWith('end')) {
      const index = stack.map((pair) => pair.name).lastIndexOf(name.slice(3));
      if (index >= 0) for (const pair of stack.splice(index)) pair.close = token.start;
    }
  }
  return pairs;
}

// ---- Jinja expressions, read with tree-sitter's Python grammar ----

function pythonIdentifiers(node: PyNode, into: string[]): void {
  switch (node.type) {
    case 'identifier':
      into.push(node.text);
      return;
    case 'attribute':
      pythonIdentifiers(node.childForFieldName('object')!, into);
      return;
    case 'keyword_argument': {
      const value = node.childForFieldName('value');
      if (value) pythonIdentifiers(value, into);
      return;
    }
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left) pythonIdentifiers(left, into);
      // `value|filter(args)`: the filter's name is Jinja's, its arguments are read
      if (right && node.childForFieldName('operator')?.text === '|') {
        if (right.type === 'call') for (const argument of right.childForFieldName('arguments')?.namedChildren ?? []) if (argument) pythonIdentifiers(argument, into);
        return;
      }
      if (right) pythonIdentifiers(right, into);
      return;
    }
    case 'comparison_operator': {
      // `x is defined`, `x is not none`: the name after `is` is a test
      let afterIs = false;
      for (const child of node.children) {
        if (!child) continue;
        if (child.type === 'is' || child.type === 'is not') afterIs = true;
        else if (child.isNamed) {
          if (!(afterIs && child.type === 'identifier')) pythonIdentifiers(child, into);
          afterIs = false;
        }
      }
      return;
    }
    default:
      for (const child of node.namedChildren) if (child) pythonIdentifiers(child, into);
  }
}

const jinjaConstants = new Set(['true', 'false', 'none', 'True', 'False', 'None', 'loop', 'self', 'super', 'caller', 'varargs', 'kwargs']);

async function parsePythonSnippet<T>(snippet: string, read: (root: PyNode) => T): Promise<T> {
  const tree = (await pythonParser()).parse(snippet);
  if (!tree) return read(undefined as never);
  try {
    return read(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** The names a binding tag introduces: loop targets, `set` targets, `with` names, macro parameters, imported names. */
async function tagBindings(open: JinjaToken, name: string): Promise<string[]> {
  const { text } = tagArguments(open);
  const first = (root: PyNode) => root.namedChildren.find((child) => child?.type !== 'comment') ?? undefined;
  switch (name) {
    case 'for':
      return parsePythonSnippet(`for ${text}: pass\n`, (root) => boundNames(first(root)?.childForFieldName('left')));
    case 'set':
      return parsePythonSnippet(`${text}\n`, (root) => {
        const statement = first(root)?.namedChildren[0];
        return statement?.type === 'assignment' ? boundNames(statement.childForFieldName('left')) : boundNames(statement);
      });
    case 'with':
      return parsePythonSnippet(`f(${text})\n`, (root) =>
        root.descendantsOfType('keyword_argument').flatMap((argument) => (argument?.childForFieldName('name') ? [argument.childForFieldName('name')!.text] : [])),
      );
    case 'macro':
    case 'call':
      return parsePythonSnippet(`def ${name === 'call' ? `_${text.trimStart().startsWith('(') ? '' : '()'}` : ''}${text}: pass\n`, (root) =>
        (first(root)?.childForFieldName('parameters')?.namedChildren ?? []).flatMap((parameter) => {
          const id = parameter?.type === 'identifier' ? parameter : parameter?.childForFieldName('name');
          return id ? [id.text] : [];
        }),
      );
    default:
      return [];
  }
}

/** `{% import "forms.html" as forms %}` and `{% from "forms.html" import field, button as b %}`: the names they bind. */
async function importBindings(token: JinjaToken): Promise<string[]> {
  const { text } = tagArguments(token);
  const trimmed = text.trimStart();
  const quote = trimmed[0];
  if (quote !== '"' && quote !== "'") return [];
  const rest = trimmed.slice(trimmed.indexOf(quote, 1) + 1);
  const snippet = tagName(token) === 'import' ? `import _${rest}\n` : `from _ ${rest}\n`;
  return parsePythonSnippet(snippet, (root) =>
    root.descendantsOfType(['aliased_import', 'dotted_name']).flatMap((node) => {
      if (!node || node.text === '_') return [];
      if (node.type === 'aliased_import') return [node.childForFieldName('alias')?.text ?? ''];
      return node.parent?.type === 'aliased_import' ? [] : [node.text];
    }),
  );
}

async function readExpressions(template: Template, pairs: Pair[]): Promise<JinjaExpression[]> {
  const scopes = await Promise.all(
    pairs.filter((pair) => ['for', 'with', 'macro', 'call', 'set'].includes(pair.name)).map(async (pair) => ({ pair, names: await tagBindings(pair.open, pair.name) })),
  );
  const imports = await Promise.all(
    template.jinja.tokens.filter((token) => token.kind === 'block' && (tagName(token) === 'import' || tagName(token) === 'from')).map(async (token) => ({ token, names: await importBindings(token) })),
  );
  const expressions: JinjaExpression[] = [];
  for (const token of template.jinja.tokens) {
    if (token.kind !== 'variable') continue;
    const names = await parsePythonSnippet(`(${token.body}\n)\n`, (root) => {
      const found: string[] = [];
      pythonIdentifiers(root, found);
      return found.filter((name) => !jinjaConstants.has(name));
    });
    const jinjaBound = new Set<string>();
    for (const { pair, names: bound } of scopes) {
      // a plain `{% set %}` binds from there on; the others bind inside their body
      const covers = pair.name === 'set' && pair.close === template.source.length ? pair.open.end <= token.start : pair.open.end <= token.start && token.start < pair.close;
      if (covers) for (const name of bound) jinjaBound.add(name);
    }
    for (const { token: tag, names: bound } of imports) if (tag.end <= token.start) for (const name of bound) jinjaBound.add(name);
    expressions.push({ token, names, jinjaBound, insideMount: false, vueScope: new Set() });
  }
  return expressions;
}

// ---- The Vue app, read from the JavaScript tree ----

function objectMembers(object: JsNode | undefined): Map<string, JsNode> {
  const members = new Map<string, JsNode>();
  for (const member of object?.namedChildren ?? []) {
    const key = member ? propertyKey(member) : undefined;
    if (member && key) members.set(key, member);
  }
  return members;
}

/** The value of an object member: `x` of `key: x`, the method itself for `key() {}`. */
export function memberValue(member: JsNode): JsNode | undefined {
  if (member.type === 'pair') return member.childForFieldName('value') ?? undefined;
  return member;
}

/** The object a function returns: `data() { return {...} }`, `data: () => ({...})`, `data: function () { return {...} }`. */
function returnedObject(fn: JsNode | undefined): JsNode | undefined {
  if (!fn) return undefined;
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  if (body.type === 'parenthesized_expression') return body.namedChildren.find((child) => child?.type === 'object') ?? undefined;
  if (body.type === 'object') return body;
  const statement = [...body.namedChildren].reverse().find((child) => child?.type === 'return_statement');
  const value = statement?.namedChildren[0];
  if (value?.type === 'object') return value;
  if (value?.type === 'parenthesized_expression') return value.namedChildren.find((child) => child?.type === 'object') ?? undefined;
  return undefined;
}

/** The object literal a `const NAME = {...}` of the scripts holds. */
function constantObject(root: JsNode, name: string): JsNode | undefined {
  for (const declarator of root.descendantsOfType('variable_declarator')) {
    if (declarator?.childForFieldName('name')?.text !== name) continue;
    const value = declarator.childForFieldName('value');
    if (value?.type === 'object') return value;
  }
  return undefined;
}

function vueNames(keys: Map<string, JsNode>): Set<string> {
  const names = new Set<string>();
  const data = keys.get('data');
  for (const key of objectMembers(returnedObject(data && memberValue(data))).keys()) names.add(key);
  for (const group of ['computed', 'methods', 'inject']) {
    const member = keys.get(group);
    const value = member && memberValue(member);
    if (value?.type === 'object') for (const key of objectMembers(value).keys()) names.add(key);
  }
  const props = keys.get('props');
  const value = props && memberValue(props);
  if (value?.type === 'object') for (const key of objectMembers(value).keys()) names.add(key);
  if (value?.type === 'array') for (const item of value.namedChildren) if (stringValue(item)) names.add(stringValue(item)!);
  return names;
}

function isCreateApp(call: JsNode): boolean {
  const callee = memberName(call.childForFieldName('function'));
  return callee === 'createApp' || callee?.endsWith('.createApp') === true;
}

/** The `.mount(...)` call whose receiver chain starts at `start` (the createApp call, or the app's variable). */
function mountOf(root: JsNode, app: JsNode, variable: string | undefined): VueApp['mount'] {
  for (const call of root.descendantsOfType('call_expression')) {
    const callee = call?.childForFieldName('function');
    if (!call || callee?.type !== 'member_expression' || callee.childForFieldName('property')?.text !== 'mount') continue;
    let receiver = callee.childForFieldName('object');
    while (receiver && receiver.type === 'call_expression' && !receiver.equals(app)) receiver = receiver.childForFieldName('function')?.childForFieldName('object') ?? null;
    if (receiver && (receiver.equals(app) || (variable && receiver.type === 'identifier' && receiver.text === variable))) {
      return { call, selector: stringValue(call.childForFieldName('arguments')?.namedChildren[0]) };
    }
  }
  return undefined;
}

function readApps(template: Template): VueApp[] {
  const root = template.javascript?.rootNode;
  if (!root) return [];
  return root.descendantsOfType('call_expression').flatMap((call): VueApp[] => {
    if (!call || !isCreateApp(call)) return [];
    const argument = call.childForFieldName('arguments')?.namedChildren[0] ?? undefined;
    const options = argument?.type === 'object' ? argument : argument?.type === 'identifier' ? constantObject(root, argument.text) : undefined;
    const keys = objectMembers(options);
    const declarator = call.parent?.type === 'variable_declarator' ? call.parent : undefined;
    const assigned = call.parent?.type === 'assignment_expression' ? call.parent.childForFieldName('left') : undefined;
    const variable = declarator?.childForFieldName('name')?.text ?? (assigned?.type === 'identifier' ? assigned.text : undefined);
    return [
      {
        call,
        options,
        keys,
        spreads: options?.namedChildren.some((member) => member?.type === 'spread_element') ?? false,
        variable,
        mount: mountOf(root, call, variable),
        names: vueNames(keys),
      },
    ];
  });
}

// ---- Where the app mounts, and which blocks end up inside ----

/** The element with `id="<id>"` for a `#id` selector. */
function elementById(template: Template, selector: string | undefined): Element | undefined {
  if (!selector?.startsWith('#')) return undefined;
  return template.elements.find((element) => attribute(element, 'id')?.value === selector.slice(1));
}

/** `content` of ` content scoped `. */
function firstWord(text: string): string {
  const trimmed = text.trimStart();
  let end = 0;
  while (end < trimmed.length && trimmed[end]!.trim() !== '') end += 1;
  return trimmed.slice(0, end);
}

function readBlocks(pairs: Pair[]): Block[] {
  return pairs
    .filter((pair) => pair.name === 'block')
    .map((pair) => ({ name: firstWord(tagArguments(pair.open).text), open: pair.open, bodyStart: pair.open.end, bodyEnd: pair.close }));
}

/** A template extended by the one being checked, parsed, with its blocks. */
export interface Layout {
  template: Template;
  blocks: Block[];
  /** The layout it extends in turn, as written. */
  extends: string | undefined;
}

export function readLayout(template: Template): Layout {
  return { template, blocks: readBlocks(pairTags(template.jinja.tokens, template.source.length)), extends: extendsName(template) };
}

function extendsName(template: Template): string | undefined {
  const tag = template.jinja.tokens.find((token) => token.kind === 'block' && tagName(token) === 'extends');
  if (!tag) return undefined;
  const text = tagArguments(tag).text.trim();
  const quote = text[0];
  return quote === '"' || quote === "'" ? text.slice(1, text.indexOf(quote, 1)) : undefined;
}

/**
 * The blocks that a chain of layouts (nearest first) places inside the element `selector` names: those
 * written inside it where it is defined, and, going down the chain, every block nested in one of them.
 */
function blocksInside(layouts: readonly Layout[], selector: string | undefined): Set<string> | undefined {
  const holder = layouts.findIndex((layout) => elementById(layout.template, selector));
  if (holder < 0) return undefined;
  const element = elementById(layouts[holder]!.template, selector)!;
  const inside = new Set(layouts[holder]!.blocks.filter((block) => block.open.start >= element.contentStart && block.open.start < element.end).map((block) => block.name));
  for (const layout of layouts.slice(0, holder).reverse()) {
    for (const outer of layout.blocks) {
      if (!inside.has(outer.name)) continue;
      for (const block of layout.blocks) if (block.open.start >= outer.bodyStart && block.open.start < outer.bodyEnd) inside.add(block.name);
    }
  }
  return inside;
}

/** Names bound in the Vue template around an element: `v-for` aliases and slot props of it and its ancestors. */
async function scopeNames(element: Element | undefined): Promise<Set<string>> {
  const names = new Set<string>();
  const parser = await javascriptParser();
  for (let current = element; current; current = current.parent) {
    for (const { name, value } of current.attributes) {
      if (value === undefined) continue;
      const slot = name === 'slot-scope' || name.startsWith('v-slot') || name.startsWith('#');
      const pattern = name === 'v-for' ? forAlias(value) : slot ? value : undefined;
      if (!pattern?.trim()) continue;
      const trimmed = pattern.trim();
      // `(item, index)` is already a parameter list; `item` and `{ item }` need one around them
      const parameters = trimmed.startsWith('(') && trimmed.endsWith(')') ? trimmed : `(${trimmed})`;
      const tree = parser.parse(`${parameters} => 0`);
      if (!tree) continue;
      for (const node of tree.rootNode.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])) if (node) names.add(node.text);
      tree.delete();
    }
  }
  return names;
}

/** The alias part of a `v-for` value: `(item, index)` of `(item, index) in items`. */
function forAlias(value: string): string | undefined {
  let depth = 0;
  for (let at = 0; at < value.length; at += 1) {
    const char = value[at]!;
    if (char === '(' || char === '[' || char === '{') depth += 1;
    else if (char === ')' || char === ']' || char === '}') depth -= 1;
    else if (depth === 0 && char.trim() === '' && (value.startsWith('in', at + 1) || value.startsWith('of', at + 1)) && (value[at + 3] ?? ' ').trim() === '') return value.slice(0, at);
  }
  return undefined;
}

export async function readTemplateModel(template: Template, layouts: readonly Layout[] = []): Promise<TemplateModel> {
  const pairs = pairTags(template.jinja.tokens, template.source.length);
  const apps = readApps(template);
  const selector = apps.find((app) => app.mount?.selector)?.mount?.selector;
  const mountElement = elementById(template, selector);
  const model: TemplateModel = {
    template,
    apps,
    extends: extendsName(template),
    blocks: readBlocks(pairs),
    mountElement,
    mountBlocks: mountElement ? undefined : blocksInside(layouts, selector),
    expressions: await readExpressions(template, pairs),
  };
  for (const expression of model.expressions) {
    const element = elementAt(template, expression.token.start);
    const code = element?.name === 'script' || element?.name === 'style';
    expression.insideMount = !code && insideMount(model, expression.token.start);
    if (expression.insideMount) expression.vueScope = await scopeNames(element);
  }
  return model;
}

/** Whether an offset of the template ends up inside the element the Vue app mounts on (its content, not its own tag). */
function insideMount(model: TemplateModel, offset: number): boolean {
  if (model.mountElement) return offset >= model.mountElement.contentStart && offset < model.mountElement.end;
  if (!model.mountBlocks) return false;
  return model.blocks.some((block) => model.mountBlocks!.has(block.name) && offset >= block.bodyStart && offset < block.bodyEnd);
}
