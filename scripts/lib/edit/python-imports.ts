import { readImports } from '../app/module.js';
import type { Node } from '../parse/python.js';
import { endOfLine, startOfLine, type TextEdit } from './text.js';

/** `from module import name`, or `import module` when `name` is absent. */
export interface ImportNeed {
  module: string;
  name?: string;
}

/** A needed name is already bound to something else in the file: adding the import would change what the file means. */
export class ImportConflict extends Error {
  override name = 'ImportConflict';
}

/** Top-level modules of Python's standard library that app code imports (isort's "stdlib" section). */
const stdlib = new Set(
  'abc argparse ast asyncio base64 binascii bisect calendar collections concurrent contextlib contextvars copy csv dataclasses datetime decimal difflib email enum errno functools gettext glob gzip hashlib heapq hmac html http importlib inspect io ipaddress itertools json logging math mimetypes numbers operator os pathlib pickle platform pprint queue random re secrets shlex shutil signal socket sqlite3 ssl statistics string struct subprocess sys tempfile textwrap threading time timeit traceback types typing unicodedata unittest urllib uuid warnings weakref xml zipfile zoneinfo'.split(
    ' ',
  ),
);

type Section = 0 | 1 | 2 | 3;

/** isort's sections: __future__, standard library, third party, first party (the app package, relative imports). */
function sectionOf(module: string, firstParty: string | undefined): Section {
  const top = module.split('.')[0] ?? '';
  if (top === '__future__') return 0;
  if (module.startsWith('.') || (firstParty && top === firstParty)) return 3;
  return stdlib.has(top) ? 1 : 2;
}

interface Statement {
  node: Node;
  module: string;
  from: boolean;
  section: Section;
}

function statementModule(node: Node): string {
  if (node.type === 'import_from_statement') return node.childForFieldName('module_name')?.text ?? '';
  return node.childrenForFieldName('name').find((child) => !!child)?.text.split(' ')[0] ?? '';
}

/** isort's `order-by-type`: CONSTANTS, then Classes, then the rest, each case-insensitively. */
function nameKey(item: string): [number, string] {
  const name = item.split(/\s+as\s+/)[0]!.trim();
  const kind = name.length > 1 && name === name.toUpperCase() && /[A-Z]/.test(name) ? 0 : /^[A-Z]/.test(name) ? 1 : 2;
  return [kind, name.toLowerCase()];
}

function sortNames(items: string[]): string[] {
  return [...items].sort((a, b) => {
    const [ka, na] = nameKey(a);
    const [kb, nb] = nameKey(b);
    return ka - kb || (na < nb ? -1 : na > nb ? 1 : 0);
  });
}

const LINE_LENGTH = 120;

function renderFrom(module: string, names: string[], multiline: boolean): string {
  const single = `from ${module} import ${names.join(', ')}`;
  if (!multiline && single.length <= LINE_LENGTH) return single;
  return `from ${module} import (\n${names.map((name) => `    ${name},\n`).join('')})`;
}

/** Top-level names the module defines itself (functions, classes, assignments), which an import must not shadow. */
function definedNames(root: Node): Set<string> {
  const names = new Set<string>();
  for (const statement of root.namedChildren) {
    const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const name = definition?.childForFieldName('name');
    if (name && (definition?.type === 'function_definition' || definition?.type === 'class_definition')) names.add(name.text);
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    if (left?.type === 'identifier') names.add(left.text);
  }
  return names;
}

/**
 * The edits that give a module the imports it needs: names merged into the file's existing `from x import ...`
 * statement (never a second statement for the same module, never a name twice), new statements placed in their
 * isort section. Throws ImportConflict when a needed name already means something else in the file.
 */
export function planImports(source: string, root: Node, file: string, needs: readonly ImportNeed[], firstParty: string | undefined): TextEdit[] {
  const bound = readImports(root, file);
  const defined = definedNames(root);
  const missingFrom = new Map<string, string[]>();
  const missingModules: string[] = [];
  for (const need of needs) {
    const local = need.name ?? need.module.split('.')[0]!;
    const wanted = need.name ? `${need.module}.${need.name}` : local;
    if (bound[local] === wanted) continue;
    if (bound[local] !== undefined || defined.has(local)) {
      throw new ImportConflict(`${file} already uses the name \`${local}\`${bound[local] ? ` for ${bound[local]}` : ''}, but the draft needs it for ${need.name ? `${need.module}.${need.name}` : `the module ${need.module}`}`);
    }
    if (need.name) {
      const names = missingFrom.get(need.module) ?? [];
      if (!names.includes(need.name)) names.push(need.name);
      missingFrom.set(need.module, names);
    } else if (!missingModules.includes(need.module)) missingModules.push(need.module);
  }

  const statements: Statement[] = root.namedChildren
    .filter((node): node is Node => !!node && (node.type === 'import_statement' || node.type === 'import_from_statement'))
    .map((node) => {
      const module = statementModule(node);
      return { node, module, from: node.type === 'import_from_statement', section: sectionOf(module, firstParty) };
    });
  const edits: TextEdit[] = [];
  const created: { module: string; from: boolean; text: string }[] = missingModules.map((module) => ({ module, from: false, text: `import ${module}` }));

  for (const [module, names] of missingFrom) {
    const existing = statements.find((statement) => statement.from && statement.module === module && !statement.node.descendantsOfType('wildcard_import').length);
    if (!existing || existing.node.descendantsOfType('comment').length > 0) {
      created.push({ module, from: true, text: renderFrom(module, sortNames(names), false) });
      continue;
    }
    const current = existing.node.childrenForFieldName('name').flatMap((child) => (child ? [child.text] : []));
    const multiline = existing.node.text.includes('\n');
    edits.push({ start: existing.node.startIndex, end: existing.node.endIndex, text: renderFrom(module, sortNames([...current, ...names]), multiline) });
  }

  const keyOf = (item: { from: boolean; module: string }) => `${item.from ? 1 : 0} ${item.module.toLowerCase()}`;
  for (const section of [0, 1, 2, 3] as Section[]) {
    const items = created.filter((item) => sectionOf(item.module, firstParty) === section).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
    if (items.length === 0) continue;
    const inSection = statements.filter((statement) => statement.section === section);
    if (inSection.length > 0) {
      for (const item of items) {
        const before = inSection.find((statement) => keyOf(statement) > keyOf(item));
        const at = before ? startOfLine(source, before.node.startIndex) : endOfLine(source, inSection.at(-1)!.node.endIndex);
        edits.push({ start: at, end: at, text: `${item.text}\n` });
      }
      continue;
    }
    const block = items.map((item) => `${item.text}\n`).join('');
    const later = statements.find((statement) => statement.section > section);
    const earlier = statements.filter((statement) => statement.section < section).at(-1);
    if (later) {
      const at = startOfLine(source, later.node.startIndex);
      edits.push({ start: at, end: at, text: `${block}\n` });
    } else if (earlier) {
      const at = endOfLine(source, earlier.node.endIndex);
      edits.push({ start: at, end: at, text: `\n${block}` });
    } else {
      const first = root.namedChildren.find((node) => !!node && node.type !== 'comment' && !(node.type === 'expression_statement' && node.namedChildren[0]?.type === 'string'));
      const at = first ? startOfLine(source, first.startIndex) : source.length;
      edits.push({ start: at, end: at, text: `${block}\n` });
    }
  }
  return edits;
}
