export { collectTables, declaresModels } from './tables.js';
import { callParts, dottedName, firstSyntaxProblem, lastName, literal, parsePythonFile, position, type Node, type PythonFile, type SyntaxProblem } from '../parse/python.js';
import { readClassMembers, type ClassMembers } from './members.js';

export interface ModelForeignKey {
  /** `table.column` as written in `ForeignKey(...)`. */
  target: string;
  ondelete: string | null;
}

export interface ModelColumn {
  name: string;
  /** Type name without module, e.g. `String`; null when it cannot be read statically. */
  type: string | null;
  length: number | null;
  nullable: boolean;
  primaryKey: boolean;
  unique: boolean;
  index: boolean;
  foreignKey: ModelForeignKey | null;
  /** Source text of `server_default=...`, string literals unquoted. */
  serverDefault: string | null;
  /** The Python-side `default=...`: a literal's value (`draft`), or the source text of a callable or expression (`datetime.now`). */
  default: { value: string; literal: boolean } | null;
  line: number;
}

export interface ModelConstraint {
  kind: 'unique' | 'index';
  name: string | null;
  columns: string[];
  unique: boolean;
  line: number;
}

export interface ModelTable {
  name: string;
  /** The mapped class, or null for a `Table(...)` declaration. */
  className: string | null;
  /** The variable a `Table(...)` is assigned to. */
  variable: string | null;
  /** `__tablename__`, a `Table(...)` (assigned, or as a class's `__table__`), or Flask-SQLAlchemy's name from the class name. */
  declaredBy: 'tablename' | 'table' | 'flask-sqlalchemy';
  /** Path relative to the project root, forward slashes. */
  file: string;
  line: number;
  columns: ModelColumn[];
  constraints: ModelConstraint[];
  /**
   * What the table's MetaData may belong to: every base class of its class, transitively (`Base`,
   * `db.Model`), or the owner of a `Table(...)`'s MetaData (`Base` for `Base.metadata`, `db` for `db.Table`).
   * Empty when unknown.
   */
  lineage: string[];
}

export interface ModelFileResult {
  file: string;
  tables: ModelTable[];
  /** Every class of the module; tables of classes are resolved across files (mixins, inheritance, Flask-SQLAlchemy). */
  classes: ClassInfo[];
  /** Names bound to Flask-SQLAlchemy's `SQLAlchemy(...)` (`db`), whose `db.Model` maps classes. */
  flaskSqlalchemy: string[];
  /** `MetaData(naming_convention={...})`: the names SQLAlchemy gives constraints created without one. */
  namingConvention: Record<string, string> | null;
  problem: SyntaxProblem | undefined;
}

export interface ClassInfo {
  name: string;
  /** Base classes, last segment (`Model` for `db.Model`). */
  bases: string[];
  /** Base classes as written (`db.Model`). */
  dottedBases: string[];
  tablename: string | null;
  /** A `@declared_attr` `__tablename__` returning `cls.__name__.lower()` or `cls.__name__`, for the classes below it. */
  tablenameRule: 'lower' | 'name' | null;
  /** `__abstract__ = True`: a base that maps nothing. */
  abstract: boolean;
  columns: ModelColumn[];
  constraints: ModelConstraint[];
  /** Relationships and methods declared in the class body. */
  members: ClassMembers;
  file: string;
  line: number;
}

const columnCallees = new Set(['Column', 'mapped_column']);
const annotationTypes: Record<string, string> = { int: 'Integer', str: 'String', bool: 'Boolean', float: 'Float', bytes: 'LargeBinary', datetime: 'DateTime', date: 'Date', dict: 'JSON' };

function isCall(node: Node | null | undefined, names: Set<string>): node is Node {
  return node?.type === 'call' && names.has(lastName(dottedName(node.childForFieldName('function'))) ?? '');
}

function bool(node: Node | undefined): boolean | undefined {
  const value = literal(node);
  return typeof value === 'boolean' ? value : undefined;
}

function sourceValue(node: Node | undefined): string | null {
  if (!node) return null;
  const value = literal(node);
  if (typeof value === 'string') return value;
  if (value === null) return null;
  return node.text;
}

function pythonDefault(node: Node | undefined): ModelColumn['default'] {
  if (!node) return null;
  const value = literal(node);
  if (value === undefined) return { value: node.text, literal: false };
  return { value: typeof value === 'string' ? value : node.text, literal: true };
}

/** Column type and length from `String(255)`, `sa.Numeric(10, 2)`, `Text`. */
function readType(node: Node): { type: string | null; length: number | null } {
  if (node.type === 'call') {
    const { callee, positional, keywords } = callParts(node);
    const length = literal(keywords.get('length') ?? positional[0]);
    return { type: lastName(callee) ?? null, length: typeof length === 'number' ? length : null };
  }
  return { type: lastName(dottedName(node)) ?? null, length: null };
}

/** Nullability and type implied by a `Mapped[...]` annotation, for `mapped_column` without arguments. */
function fromAnnotation(annotation: Node | null): { optional: boolean; type: string | null } {
  if (!annotation) return { optional: false, type: null };
  let optional = false;
  let type: string | null = null;
  const visit = (node: Node, depth: number) => {
    if (node.type === 'none' || (node.type === 'identifier' && node.text === 'Optional')) optional = true;
    if (node.type === 'identifier' && annotationTypes[node.text]) type ??= annotationTypes[node.text] ?? null;
    // an annotation is a few levels deep; a pathological one is not followed
    if (depth < 50) for (const child of node.namedChildren) if (child) visit(child, depth + 1);
  };
  visit(annotation, 0);
  return { optional, type };
}

function readColumn(call: Node, attribute: string | null, annotation: Node | null = null): ModelColumn | undefined {
  const { callee, positional, keywords } = callParts(call);
  let name = attribute;
  let type: { type: string | null; length: number | null } = { type: null, length: null };
  let foreignKey: ModelForeignKey | null = null;
  for (const arg of positional) {
    const value = literal(arg);
    if (typeof value === 'string' && arg === positional[0]) name = value;
    else if (isCall(arg, new Set(['ForeignKey']))) {
      const fk = callParts(arg);
      const target = fk.positional[0];
      foreignKey = { target: target ? (sourceValue(target) ?? target.text) : '', ondelete: sourceValue(fk.keywords.get('ondelete')) };
    } else if (type.type === null) type = readType(arg);
  }
  if (!name) return undefined;
  const implied = lastName(callee) === 'mapped_column' ? fromAnnotation(annotation) : { optional: true, type: null };
  const primaryKey = bool(keywords.get('primary_key')) ?? false;
  return {
    name,
    type: type.type ?? implied.type,
    length: type.length,
    nullable: bool(keywords.get('nullable')) ?? (primaryKey ? false : implied.optional),
    primaryKey,
    unique: bool(keywords.get('unique')) ?? false,
    index: bool(keywords.get('index')) ?? false,
    foreignKey,
    serverDefault: sourceValue(keywords.get('server_default')),
    default: pythonDefault(keywords.get('default')),
    line: position(call).line,
  };
}

/** `UniqueConstraint("a", "b", name=...)` and `Index("ix", "a", unique=True)` inside `__table_args__` or `Table(...)`. */
function readConstraint(call: Node): ModelConstraint | undefined {
  const { callee, positional, keywords } = callParts(call);
  const kind = lastName(callee);
  const strings = positional.map(literal).filter((value): value is string => typeof value === 'string');
  const line = position(call).line;
  if (kind === 'UniqueConstraint') {
    return { kind: 'unique', name: sourceValue(keywords.get('name')), columns: strings, unique: true, line };
  }
  if (kind === 'Index') {
    const [name, ...columns] = strings;
    return { kind: 'index', name: name ?? null, columns, unique: bool(keywords.get('unique')) ?? false, line };
  }
  return undefined;
}

function constraintsIn(node: Node | null | undefined): ModelConstraint[] {
  if (!node) return [];
  const found: ModelConstraint[] = [];
  for (const call of node.descendantsOfType('call')) {
    if (!call) continue;
    const constraint = readConstraint(call);
    if (constraint) found.push(constraint);
  }
  return found;
}

function unwrapDecorated(node: Node): { definition: Node; decorators: string[] } {
  if (node.type !== 'decorated_definition') return { definition: node, decorators: [] };
  const decorators = node.namedChildren
    .filter((child): child is Node => child?.type === 'decorator')
    .map((decorator) => {
      const expression = decorator.namedChildren[0];
      return dottedName(expression?.type === 'call' ? expression.childForFieldName('function') : expression) ?? '';
    });
  return { definition: node.childForFieldName('definition') ?? node, decorators };
}

/** `return cls.__name__.lower()` -> lower, `return cls.__name__` -> name; anything else cannot be known without running it. */
function declaredTablename(method: Node): ClassInfo['tablenameRule'] {
  const returned = method.descendantsOfType('return_statement')[0]?.namedChildren[0];
  if (returned && dottedName(returned)?.endsWith('.__name__')) return 'name';
  const fn = returned?.type === 'call' ? returned.childForFieldName('function') : null;
  if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'lower' && dottedName(fn.childForFieldName('object'))?.endsWith('.__name__')) return 'lower';
  return null;
}

function readClass(definition: Node, file: string): ClassInfo {
  const dottedBases = (definition.childForFieldName('superclasses')?.namedChildren ?? []).map((base) => dottedName(base)).filter((base): base is string => !!base);
  const info: ClassInfo = {
    name: definition.childForFieldName('name')?.text ?? '',
    bases: dottedBases.map((base) => lastName(base) ?? base),
    dottedBases,
    tablename: null,
    tablenameRule: null,
    abstract: false,
    columns: [],
    constraints: [],
    members: readClassMembers(definition),
    file,
    line: position(definition).line,
  };
  for (const statement of definition.childForFieldName('body')?.namedChildren ?? []) {
    if (!statement) continue;
    if (statement.type === 'expression_statement' && statement.namedChildren[0]?.type === 'assignment') {
      const assignment = statement.namedChildren[0];
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      if (left.text === '__tablename__') {
        const value = literal(right);
        if (typeof value === 'string') info.tablename = value;
      } else if (left.text === '__abstract__') {
        info.abstract = literal(right) === true;
      } else if (left.text === '__table__' && isCall(right, new Set(['Table']))) {
        const table = readTableCall(right, null, file, position(definition).line);
        if (table) {
          info.tablename = table.name;
          info.columns.push(...table.columns);
          info.constraints.push(...table.constraints);
        }
      } else if (left.text === '__table_args__') {
        info.constraints.push(...constraintsIn(right));
      } else if (isCall(right, columnCallees)) {
        const column = readColumn(right, left.text, assignment.childForFieldName('type'));
        if (column) info.columns.push(column);
      }
      continue;
    }
    const { definition: method, decorators } = unwrapDecorated(statement);
    if (method.type !== 'function_definition' || !decorators.some((name) => name.split('.').includes('declared_attr'))) continue;
    const attribute = method.childForFieldName('name')?.text ?? null;
    if (attribute === '__tablename__') {
      info.tablenameRule = declaredTablename(method);
      continue;
    }
    for (const returned of method.descendantsOfType('return_statement')) {
      const value = returned?.namedChildren[0];
      if (isCall(value, columnCallees)) {
        const column = readColumn(value, attribute);
        if (column) info.columns.push(column);
      }
    }
  }
  return info;
}

function readTableCall(call: Node, variable: string | null, file: string, line: number): ModelTable | undefined {
  const { positional } = callParts(call);
  const name = literal(positional[0]);
  if (typeof name !== 'string') return undefined;
  const columns: ModelColumn[] = [];
  for (const arg of positional.slice(1)) {
    if (isCall(arg, columnCallees)) {
      const column = readColumn(arg, null);
      if (column) columns.push(column);
    }
  }
  const constraints = positional.flatMap((arg) => (arg.type === 'call' ? [readConstraint(arg)].filter((c): c is ModelConstraint => !!c) : []));
  // `Base.metadata` -> Base; `db.Table(...)` -> db; a MetaData of its own (`MetaData()`) is an owner of its own
  const metadata = positional[1]?.type === 'call' ? positional[1].text : dottedName(positional[1]);
  const owner = metadata?.endsWith('.metadata') ? metadata.slice(0, -'.metadata'.length) : metadata?.endsWith(')') ? metadata : dottedName(call.childForFieldName('function'))?.split('.').slice(0, -1).join('.');
  return { name, className: null, variable, declaredBy: 'table', file, line, columns, constraints, lineage: owner ? [owner] : [] };
}

/** `{"fk": "fk_%(table_name)s_..."}`: a dict literal of strings, given inline or through a module-level name. */
function conventionOf(node: Node | undefined, assigned: Map<string, Node>): Record<string, string> | null {
  const dict = node?.type === 'identifier' ? assigned.get(node.text) : node;
  if (dict?.type !== 'dictionary') return null;
  const convention: Record<string, string> = {};
  for (const pair of dict.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const key = literal(pair.childForFieldName('key'));
    const value = literal(pair.childForFieldName('value'));
    if (typeof key === 'string' && typeof value === 'string') convention[key] = value;
  }
  return Object.keys(convention).length > 0 ? convention : null;
}

/** The naming convention of a `MetaData(naming_convention=...)` anywhere in the module. */
function readNamingConvention(root: Node, assigned: Map<string, Node>): Record<string, string> | null {
  for (const call of root.descendantsOfType('call')) {
    if (!isCall(call, new Set(['MetaData']))) continue;
    const convention = conventionOf(callParts(call).keywords.get('naming_convention'), assigned);
    if (convention) return convention;
  }
  return null;
}

/** Tables, classes and `Table(...)` declarations of one models file. Tables of classes are resolved later, across files. */
export function readModelFile(parsed: PythonFile | Node, file: string): ModelFileResult {
  // a file past the nesting limit is still read: the reading below goes no deeper than a class body and its calls
  const { root, problem } = 'walkable' in parsed ? parsed : { root: parsed, problem: firstSyntaxProblem(parsed) };
  const result: ModelFileResult = { file, tables: [], classes: [], flaskSqlalchemy: [], namingConvention: null, problem };
  const assigned = new Map<string, Node>();
  for (const statement of root.namedChildren) {
    if (!statement) continue;
    const { definition } = unwrapDecorated(statement);
    if (definition.type === 'class_definition') {
      result.classes.push(readClass(definition, file));
      continue;
    }
    if (statement.type !== 'expression_statement') continue;
    const assignment = statement.namedChildren[0];
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    const right = assignment?.type === 'assignment' ? assignment.childForFieldName('right') : null;
    if (left?.type === 'identifier' && right) assigned.set(left.text, right);
    if (isCall(right, new Set(['Table']))) {
      const table = readTableCall(right, left?.text ?? null, file, position(statement).line);
      if (table) result.tables.push(table);
    } else if (left?.type === 'identifier' && isCall(right, new Set(['SQLAlchemy']))) result.flaskSqlalchemy.push(left.text);
  }
  result.namingConvention = readNamingConvention(root, assigned);
  return result;
}

export async function parseModelFile(source: Uint8Array | string, file: string): Promise<ModelFileResult> {
  const parsed = await parsePythonFile(source);
  try {
    return readModelFile(parsed, file);
  } finally {
    parsed.delete();
  }
}
