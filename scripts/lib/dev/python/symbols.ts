import { dottedName, lastName, type Node } from '../../parse/python.js';
import { boundNames, isAsyncFunction, qualify, type PythonModule } from './module.js';

/** One class as other files see it: its methods (async or not) and whether it is a mapped model. */
export interface ClassSummary {
  methods: Record<string, boolean>;
  model: boolean;
}

/** What another file needs to know of a module: its functions and classes, each method marked async or not. Cached per file. */
export interface ModuleSummary {
  functions: Record<string, boolean>;
  classes: Record<string, ClassSummary>;
  /** Module-level names assigned a call, with the qualified name of what was called: `db = Database()` -> `pkg.extensions.Database`. */
  instances: Record<string, string>;
}

/** Bump when ModuleSummary changes shape: the cache of summaries is kept under a name that carries it. */
export const SUMMARY_FORMAT = 2;

/** The summaries of the project modules a file imports from, by dotted module name. */
export type ProjectSymbols = ReadonlyMap<string, ModuleSummary>;

function bodyDefinitions(block: Node | null): Node[] {
  return (block?.namedChildren ?? []).flatMap((child) => {
    const definition = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    return definition ? [definition] : [];
  });
}

/** A class is a mapped model when it names a table, or inherits a declarative base (`Base`, `db.Model`) or another model of the file. */
export function isModelClass(definition: Node, models: ReadonlySet<string> = new Set()): boolean {
  const body = bodyDefinitions(definition.childForFieldName('body'));
  const namesTable = body.some((statement) => statement.type === 'expression_statement' && statement.namedChildren[0]?.type === 'assignment' && statement.namedChildren[0].childForFieldName('left')?.text === '__tablename__');
  if (namesTable) return true;
  const bases = definition.childForFieldName('superclasses')?.namedChildren ?? [];
  return bases.some((base) => {
    const name = dottedName(base);
    return name !== undefined && (lastName(name) === 'Base' || name === 'db.Model' || models.has(name));
  });
}

export function summarizeModule(module: PythonModule): ModuleSummary {
  const classes: Record<string, ClassSummary> = {};
  const models = new Set<string>();
  for (const [name, definition] of module.classes) {
    const methods: Record<string, boolean> = {};
    for (const member of bodyDefinitions(definition.childForFieldName('body'))) {
      const method = member.type === 'function_definition' ? member.childForFieldName('name')?.text : undefined;
      if (method) methods[method] = isAsyncFunction(member);
    }
    const model = isModelClass(definition, models);
    if (model) models.add(name);
    classes[name] = { methods, model };
  }
  const instances: Record<string, string> = {};
  for (const statement of module.root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    const value = assignment?.type === 'assignment' ? assignment.childForFieldName('right') : undefined;
    const callee = value?.type === 'call' ? qualify(module, value.childForFieldName('function')) : undefined;
    if (!callee) continue;
    const qualified = module.classes.has(callee) ? `${module.name}.${callee}` : callee;
    for (const name of boundNames(assignment!.childForFieldName('left'))) instances[name] = qualified;
  }
  return { functions: Object.fromEntries(module.functions), classes, instances };
}

/** The project class an object is an instance of (`db` imported from the module that does `db = Database()`), if known. */
export function instanceClass(symbols: ProjectSymbols, qualified: string): ClassSummary | undefined {
  const parts = qualified.split('.');
  const name = parts.pop()!;
  const made = symbols.get(parts.join('.'))?.instances[name];
  return made ? lookup(symbols, made)?.class : undefined;
}

/** The project modules a file's imports may refer to: for `from a.b import c`, both `a.b.c` (a module) and `a.b` (holding `c`). */
export function importedModules(module: PythonModule): string[] {
  const names = new Set<string>();
  for (const binding of module.imports.values()) {
    names.add(binding.qualified);
    const parent = binding.qualified.split('.').slice(0, -1).join('.');
    if (parent) names.add(parent);
  }
  return [...names];
}

/** What a qualified name refers to in the project: a module-level function or a class of a summarised module. */
export function lookup(symbols: ProjectSymbols, qualified: string): { function?: boolean; class?: ClassSummary } | undefined {
  const parts = qualified.split('.');
  const member = parts.pop()!;
  const summary = symbols.get(parts.join('.'));
  if (!summary) return undefined;
  if (member in summary.functions) return { function: summary.functions[member] };
  if (member in summary.classes) return { class: summary.classes[member] };
  return undefined;
}
