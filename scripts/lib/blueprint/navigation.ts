import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { globFiles } from '../discover/files.js';
import type { Project } from '../discover/types.js';
import { propertyKey, stringValue, parseJavaScript, type Node } from '../parse/javascript.js';
import { firstTreeError } from '../parse/tree-sitter.js';
import type { TextEdit } from '../edit/text.js';

/** One sidebar entry: `{ title, icon, to }` (entries of a group's `children` too). */
export interface NavEntry {
  title: string | null;
  icon: string | null;
  /** The path it links to (`to`, else `href`); null for a heading or a group. */
  to: string | null;
  line: number;
  column: number;
}

/** The sidebar as the project's navigation script declares it. */
export interface Navigation {
  file: string;
  /** The array's variable: `navigation` in the example, `stkNavigation` in stk. */
  variable: string;
  line: number;
  entries: NavEntry[];
  /** The top-level array, for inserting an entry (offsets into the file's text). */
  array: { start: number; end: number };
  source: string;
}

const PATH_KEYS = ['to', 'href'];

function objectEntries(array: Node): NavEntry[] {
  return array.namedChildren.flatMap((element): NavEntry[] => {
    if (element?.type !== 'object') return [];
    const members = new Map<string, Node>();
    for (const member of element.namedChildren) {
      if (member?.type !== 'pair') continue;
      const key = propertyKey(member);
      const value = member.childForFieldName('value');
      if (key && value) members.set(key, value);
    }
    const to = PATH_KEYS.map((key) => stringValue(members.get(key))).find((value) => value !== undefined) ?? null;
    const own: NavEntry = { title: stringValue(members.get('title')) ?? null, icon: stringValue(members.get('icon')) ?? null, to, line: element.startPosition.row + 1, column: element.startPosition.column + 1 };
    const children = ['children', 'items'].map((key) => members.get(key)).find((value) => value?.type === 'array');
    return [own, ...(children ? objectEntries(children) : [])];
  });
}

/** `const navigation = [...]`, `window.navigation = [...]`, `export const stkNavigation = [...]`: a variable named like navigation holding an array of objects. */
function navigationArray(root: Node): { variable: string; array: Node } | undefined {
  const candidates: { variable: string; array: Node }[] = [];
  for (const node of root.descendantsOfType(['variable_declarator', 'assignment_expression'])) {
    if (!node) continue;
    const target = node.childForFieldName(node.type === 'variable_declarator' ? 'name' : 'left');
    const value = node.childForFieldName(node.type === 'variable_declarator' ? 'value' : 'right');
    const variable = target?.type === 'member_expression' ? target.childForFieldName('property')?.text : target?.text;
    if (!variable || value?.type !== 'array' || !/navigation/i.test(variable)) continue;
    candidates.push({ variable, array: value });
  }
  return candidates.find((candidate) => candidate.array.namedChildren.some((child) => child?.type === 'object')) ?? candidates[0];
}

/** The sidebar of the app: `<package>/static/js/navigation.js`, else the first script of the package's static folder that declares it. */
export async function loadNavigation(project: Project): Promise<Navigation | undefined> {
  const pkg = project.appPackage;
  if (!pkg) return undefined;
  const preferred = `${pkg}/static/js/navigation.js`;
  const files = [preferred, ...globFiles(project.root, [`${pkg}/static/**/*.js`]).filter((file) => file !== preferred && !file.includes('/vendor/') && !file.endsWith('.min.js'))];
  for (const file of files) {
    let source: string;
    try {
      source = readFileSync(join(project.root, file), 'utf8');
    } catch {
      continue;
    }
    if (!/navigation/i.test(source)) continue;
    const tree = await parseJavaScript(source);
    try {
      const found = navigationArray(tree.rootNode);
      if (!found) continue;
      return {
        file,
        variable: found.variable,
        line: found.array.startPosition.row + 1,
        entries: objectEntries(found.array),
        array: { start: found.array.startIndex, end: found.array.endIndex },
        source,
      };
    } finally {
      tree.delete();
    }
  }
  return undefined;
}

/** `'` or `"`, as the file's strings are written. */
function quoteOf(sample: Node | undefined): string {
  const string = sample?.descendantsOfType('string')[0];
  return string?.text.startsWith('"') ? '"' : "'";
}

function quoted(text: string, quote: string): string {
  return `${quote}${text.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`)}${quote}`;
}

/**
 * The edit that appends `{ title, icon, to }` to the top-level array, written as its other entries are (one line or
 * one property a line, the same indentation and quotes, a trailing comma where they have one). Found by parsing, so
 * any formatting of the file works.
 */
export async function navigationEdit(navigation: Navigation, entry: { title: string; icon: string; to: string }): Promise<TextEdit> {
  const tree = await parseJavaScript(navigation.source);
  try {
    const problem = firstTreeError(tree.rootNode, 'JavaScript');
    if (problem) throw new Error(`${navigation.file}:${problem.line}: ${problem.message}; fix it before adding an entry`);
    const array = navigationArray(tree.rootNode)!.array;
    const elements = array.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
    const objects = elements.filter((element) => element.type === 'object');
    const sample = objects.filter((object) => PATH_KEYS.some((key) => object.text.includes(key))).at(-1) ?? objects.at(-1);
    const quote = quoteOf(sample);
    const source = navigation.source;
    const lineStart = (offset: number) => source.lastIndexOf('\n', offset - 1) + 1;
    const last = elements.at(-1);
    const elementIndent = last ? source.slice(lineStart(last.startIndex), last.startIndex).match(/^\s*/)![0] : `${source.slice(lineStart(array.startIndex), array.startIndex).match(/^\s*/)![0]}  `;
    const values: [string, string][] = [
      ['title', quoted(entry.title, quote)],
      ['icon', quoted(entry.icon, quote)],
      ['to', quoted(entry.to, quote)],
    ];
    let object: string;
    if (sample && sample.text.includes('\n')) {
      const firstMember = sample.namedChildren.find((child) => child?.type === 'pair');
      const memberIndent = firstMember ? source.slice(lineStart(firstMember.startIndex), firstMember.startIndex).match(/^\s*/)![0] : `${elementIndent}  `;
      const trailing = /,\s*}$/.test(sample.text) ? ',' : '';
      object = `{\n${values.map(([key, value]) => `${memberIndent}${key}: ${value}`).join(',\n')}${trailing}\n${elementIndent}}`;
    } else {
      const spaced = !sample || /^\{\s/.test(sample.text);
      object = spaced ? `{ ${values.map(([key, value]) => `${key}: ${value}`).join(', ')} }` : `{${values.map(([key, value]) => `${key}: ${value}`).join(', ')}}`;
    }
    if (!last) {
      const closingIndent = source.slice(lineStart(array.startIndex), array.startIndex).match(/^\s*/)![0];
      return { start: array.startIndex + 1, end: array.endIndex - 1, text: `\n${elementIndent}${object},\n${closingIndent}` };
    }
    const after = source.slice(last.endIndex, array.endIndex - 1);
    const comma = after.indexOf(',');
    if (comma >= 0) {
      const at = last.endIndex + comma + 1;
      return { start: at, end: at, text: `\n${elementIndent}${object},` };
    }
    return { start: last.endIndex, end: last.endIndex, text: `,\n${elementIndent}${object}` };
  } finally {
    tree.delete();
  }
}

/** Title Case words of a module name for the sidebar: `invoice_line` -> `Invoice lines`. */
export function navigationTitle(plural: string): string {
  const words = plural.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
