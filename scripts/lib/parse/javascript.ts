import type { Node, Parser, Tree } from 'web-tree-sitter';
import { grammarParser } from './tree-sitter.js';

export type { Node, Tree };

let parser: Promise<Parser> | undefined;

/** tree-sitter's JavaScript grammar (the `<script>` blocks of templates, the project's own static scripts). */
export function javascriptParser(): Promise<Parser> {
  parser ??= grammarParser('tree-sitter-javascript.wasm', 'tree-sitter-javascript');
  return parser;
}

export async function parseJavaScript(source: string): Promise<Tree> {
  const tree = (await javascriptParser()).parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** The value of a string literal node (`'a'`, `"a"`, or a template string without substitutions); undefined for anything else. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return node.text.slice(1, -1);
  if (node.type === 'template_string' && !node.namedChildren.some((child) => child?.type === 'template_substitution')) return node.text.slice(1, -1);
  return undefined;
}

/** `Vue.createApp` -> "Vue.createApp": the dotted name of an identifier or member chain, else undefined. */
export function memberName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier' || node.type === 'this') return node.text;
  if (node.type === 'member_expression') {
    const object = memberName(node.childForFieldName('object'));
    const property = node.childForFieldName('property')?.text;
    return object && property ? `${object}.${property}` : undefined;
  }
  return undefined;
}

/** The key of an object member (`a: 1`, `'a': 1`, `a() {}`, shorthand `a`), else undefined (spreads, computed keys). */
export function propertyKey(member: Node): string | undefined {
  if (member.type === 'shorthand_property_identifier') return member.text;
  const key = member.childForFieldName(member.type === 'method_definition' ? 'name' : 'key');
  if (!key) return undefined;
  if (key.type === 'property_identifier' || key.type === 'identifier') return key.text;
  return stringValue(key);
}
