import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readImports } from '../app/module.js';
import { globFiles } from '../discover/files.js';
import { frameworkCliArgv } from '../discover/runner.js';
import type { Project } from '../discover/types.js';
import { callParts, lastName, literal, parsePython, type Node } from '../parse/python.js';

/** Reserved names as the project's scaffolder lists them, and where. */
export interface ReservedList {
  names: string[];
  file: string;
  line: number;
}

/** stk's module scaffolder as the project's source declares it (`quart new <name>`, newer stk: `stk new <name>`). */
export interface Scaffolder {
  /** Which command line serves it: `stk` when pyproject.toml declares the stk script, else Quart's. */
  cli: 'stk' | 'quart';
  /** As a user types it: `stk new`. */
  command: string;
  file: string;
  line: number;
  function: string;
  /** Every flag its options declare (`--migrate`, `--no-migrate`, `--port`). */
  flags: string[];
  /** The flag that keeps it from migrating (`--no-migrate`), when it has one. */
  noMigrate: string | undefined;
  /** Its code applies migrations (`command.upgrade(...)`): without `noMigrate`, running it would touch the developer's database. */
  migrates: boolean;
  reserved: ReservedList | undefined;
}

function decoratorCalls(definition: Node): Node[] {
  const parent = definition.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return parent.namedChildren.flatMap((decorator) => {
    const expression = decorator?.type === 'decorator' ? decorator.namedChildren.find((child) => child?.type !== 'comment') : undefined;
    return expression?.type === 'call' ? [expression] : [];
  });
}

/** click's name for a command function: underscores become dashes, and click 8.2 drops a `_command`/`_cmd` suffix. */
function clickName(functionName: string): string[] {
  const dashed = functionName.replaceAll('_', '-');
  return [dashed, dashed.replace(/-(command|cmd|group)$/, '')];
}

/** The name a `@x.command(...)` decorator gives its function's command. */
function commandName(call: Node, functionName: string): string[] {
  const { positional, keywords } = callParts(call);
  const given = literal(keywords.get('name') ?? positional[0]);
  return typeof given === 'string' ? [given] : clickName(functionName);
}

function flagsOf(calls: Node[]): string[] {
  return calls.flatMap((call) => {
    if (lastName(callParts(call).callee) !== 'option') return [];
    return callParts(call).positional.flatMap((argument) => {
      const value = literal(argument);
      return typeof value === 'string' && value.startsWith('-') ? value.split('/').map((flag) => flag.trim()) : [];
    });
  });
}

function appliesMigrations(definition: Node): boolean {
  return definition.descendantsOfType('call').some((call) => call && lastName(callParts(call).callee) === 'upgrade');
}

/** `RESERVED = {...}`, `RESERVED_NAMES = frozenset([...])`: module-level collections of strings whose name says reserved. */
function reservedIn(root: Node, file: string): ReservedList | undefined {
  for (const statement of root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    if (left?.type !== 'identifier' || !/reserved/i.test(left.text)) continue;
    let value = assignment!.childForFieldName('right');
    if (value?.type === 'call' && ['frozenset', 'set', 'tuple', 'list', 'sorted'].includes(callParts(value).callee ?? '')) value = callParts(value).positional[0] ?? null;
    const items = literal(value);
    if (Array.isArray(items) && items.length > 0 && items.every((item) => typeof item === 'string')) return { names: items as string[], file, line: left.startPosition.row + 1 };
  }
  return undefined;
}

interface Found {
  file: string;
  root: Node;
  definition: Node;
  calls: Node[];
}

/** The project file of a dotted module, if the project has it. */
function projectModule(root: string, name: string): string | undefined {
  const path = name.split('.').join('/');
  return [`${path}.py`, `${path}/__init__.py`].find((file) => existsSync(join(root, file)));
}

/**
 * stk's scaffolder, read from the project's source without importing it: a click command named `new` in the app
 * package, the flags of its options, whether it applies migrations, and the reserved names its module (or the
 * scaffold package, or a project module it imports) lists. Undefined when the project has none.
 */
export async function findScaffolder(project: Project): Promise<Scaffolder | undefined> {
  const pkg = project.appPackage;
  if (!pkg) return undefined;
  const files = globFiles(project.root, [`${pkg}/**/*.py`]).filter((file) => !file.split('/').includes('tests'));
  const trees: { file: string; root: Node }[] = [];
  let found: Found | undefined;
  for (const file of files) {
    const source = readFileSync(join(project.root, file), 'utf8');
    // only modules that may declare click commands or list reserved names are parsed
    if (!source.includes('command') && !/reserved/i.test(source)) continue;
    const root = (await parsePython(source)).rootNode;
    trees.push({ file, root });
    if (found) continue;
    for (const definition of root.descendantsOfType('function_definition')) {
      if (!definition) continue;
      const calls = decoratorCalls(definition);
      const functionName = definition.childForFieldName('name')?.text ?? '';
      const command = calls.find((call) => lastName(callParts(call).callee) === 'command' && commandName(call, functionName).includes('new'));
      if (command) {
        found = { file, root, definition, calls };
        break;
      }
    }
  }
  if (!found) return undefined;
  const flags = flagsOf(found.calls);
  const imported = Object.values(readImports(found.root, found.file)).flatMap((name) => {
    const parts = name.split('.');
    return [projectModule(project.root, parts.join('.')), projectModule(project.root, parts.slice(0, -1).join('.'))].filter((file): file is string => !!file);
  });
  const candidates = [found.file, ...imported, ...trees.map((tree) => tree.file).filter((file) => file.startsWith(`${pkg}/scaffold/`))];
  let reserved: ReservedList | undefined;
  for (const file of [...new Set(candidates)]) {
    const tree = trees.find((item) => item.file === file) ?? { file, root: (await parsePython(readFileSync(join(project.root, file), 'utf8'))).rootNode };
    reserved = reservedIn(tree.root, file);
    if (reserved) break;
  }
  const cli = project.stkEntry !== undefined || project.cli.kind === 'stk' ? 'stk' : 'quart';
  return {
    cli,
    command: `${cli} new`,
    file: found.file,
    line: found.definition.startPosition.row + 1,
    function: found.definition.childForFieldName('name')?.text ?? '',
    flags,
    noMigrate: flags.find((flag) => flag === '--no-migrate' || flag === '--skip-migrate' || flag === '--no-migration'),
    migrates: appliesMigrations(found.definition),
    reserved,
  };
}

/** The argv that runs the scaffolder for `name` through the project's own command line, never a shell. */
export function scaffolderArgv(project: Project, python: string[], scaffolder: Scaffolder, name: string): string[] {
  return [...frameworkCliArgv(scaffolder.cli, project.runner, python, project.stkEntry), 'new', name, ...(scaffolder.noMigrate ? [scaffolder.noMigrate] : [])];
}

/** Whether running the scaffolder could apply a migration to the developer's database. */
export function scaffolderIsSafe(scaffolder: Scaffolder): boolean {
  return scaffolder.noMigrate !== undefined || !scaffolder.migrates;
}

