import { readImports } from '../app/module.js';
import type { AppModel } from '../app/model.js';
import { UsageError } from '../cli/command.js';
import { ImportConflict, planImports } from '../edit/python-imports.js';
import { NameResolver } from '../edit/python-names.js';
import { applyEdits, endOfLine, type TextEdit } from '../edit/text.js';
import { firstSyntaxProblem, parsePython, type Node } from '../parse/python.js';

/** Where the app registers its blueprints: `register_blueprints(app)` in `stkapp/app.py`, and its registration calls. */
export interface RegistrationSite {
  file: string;
  /** The function holding the calls; null at module level. */
  function: string | null;
  /** Lines of its `register_blueprint` calls on the app. */
  lines: number[];
}

/** The place that registers most of the app's blueprints on the app itself. */
export function registrationSite(app: AppModel): RegistrationSite | undefined {
  const onApp = new Set(app.blueprints.filter((blueprint) => blueprint.kind === 'app').map((blueprint) => blueprint.id));
  const sites = new Map<string, RegistrationSite>();
  for (const blueprint of app.blueprints) {
    for (const registration of blueprint.registrations) {
      if (!onApp.has(registration.parent)) continue;
      const key = `${registration.file}\0${registration.function ?? ''}`;
      const site = sites.get(key) ?? { file: registration.file, function: registration.function, lines: [] };
      if (!site.lines.includes(registration.line)) site.lines.push(registration.line);
      sites.set(key, site);
    }
  }
  for (const site of sites.values()) site.lines.sort((a, b) => a - b);
  return [...sites.values()].sort((a, b) => b.lines.length - a.lines.length)[0];
}

/** The statement directly inside `block` that holds `row` (0-based). */
function statementAt(block: Node, row: number): Node | undefined {
  return block.namedChildren.find((child): child is Node => !!child && child.startPosition.row <= row && child.endPosition.row >= row);
}

function functionBody(root: Node, name: string): Node | undefined {
  const definition = root.descendantsOfType('function_definition').find((node) => node?.childForFieldName('name')?.text === name);
  return definition?.childForFieldName('body') ?? undefined;
}

/** The receiver of the registration call on `row`: `app` in `app.register_blueprint(bp)`. */
function receiverOn(statement: Node, row: number): string {
  const call = statement.descendantsOfType('call').find((node) => node?.startPosition.row === row && node.childForFieldName('function')?.type === 'attribute');
  return call?.childForFieldName('function')?.childForFieldName('object')?.text ?? 'app';
}

/**
 * The new text of the registering file: `from <module> import <variable>` merged into its imports, and
 * `<app>.register_blueprint(<variable>)` after the last registration of the site, at its indentation. Found by
 * parsing the file, so a reformatted file (other order, blank lines, a trailing `return None`) works.
 */
export async function registrationChange(source: string, site: RegistrationSite, module: string, variable: string, firstParty: string | undefined): Promise<string> {
  const tree = await parsePython(source);
  try {
    const root = tree.rootNode;
    const problem = firstSyntaxProblem(root);
    if (problem) throw new UsageError(`${site.file}:${problem.line}: ${problem.message}; fix the file before registering a blueprint in it`);
    const block = site.function ? functionBody(root, site.function) : root;
    if (!block) throw new UsageError(`${site.file}: cannot find ${site.function}() where the app registers its blueprints; register ${variable} by hand`);
    const lastRow = Math.max(...site.lines) - 1;
    const statement = statementAt(block, lastRow);
    if (!statement) throw new UsageError(`${site.file}:${lastRow + 1}: cannot find the registration statement; register ${variable} by hand`);
    const indent = ' '.repeat(statement.startPosition.column);
    const receiver = receiverOn(statement, lastRow);
    const at = endOfLine(source, statement.endIndex);
    const newline = source.slice(0, at).endsWith('\n') ? '' : '\n';
    const resolver = new NameResolver(readImports(root, site.file));
    const name = resolver.use(module, variable);
    let imports: TextEdit[];
    try {
      imports = planImports(source, root, site.file, resolver.needs, firstParty);
    } catch (error) {
      if (error instanceof ImportConflict) throw new UsageError(`${error.message}; rename it or register the blueprint by hand`);
      throw error;
    }
    return applyEdits(source, [...imports, { start: at, end: at, text: `${newline}${indent}${receiver}.register_blueprint(${name})\n` }]);
  } finally {
    tree.delete();
  }
}

