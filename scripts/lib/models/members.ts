import { callParts, dottedName, lastName, literal, position, type Node } from '../parse/python.js';

/** `author = relationship("User", lazy="selectin")`. */
export interface ModelRelationship {
  name: string;
  /** The class named first (`"User"` or `User`), as written. */
  target: string | null;
  /** `lazy=...` as written (string literals unquoted), or null when not given (SQLAlchemy's default `select`). */
  lazy: string | null;
  /** The association table (`secondary=roles_users`), as written. */
  secondary: string | null;
  backPopulates: string | null;
  line: number;
}

/** A method of a model class, as far as the API skill needs it: how it is declared and which attributes it touches. */
export interface ModelMethod {
  name: string;
  line: number;
  async: boolean;
  kind: 'instance' | 'classmethod' | 'staticmethod' | 'property';
  /** `self.x` read anywhere in the body. */
  reads: string[];
  /** `self.x = ...` (and `setattr(self, "x", ...)`, names from a literal loop) in the body. */
  assigns: string[];
  /** String keys of the dict literals the method returns. */
  returnedKeys: string[];
}

export interface ClassMembers {
  relationships: ModelRelationship[];
  methods: ModelMethod[];
}

function text(node: Node | undefined): string | null {
  if (!node) return null;
  const value = literal(node);
  return typeof value === 'string' ? value : node.text;
}

function readRelationship(name: string, call: Node): ModelRelationship {
  const { positional, keywords } = callParts(call);
  return {
    name,
    target: text(positional[0] ?? keywords.get('argument')),
    lazy: text(keywords.get('lazy')),
    secondary: text(keywords.get('secondary')),
    backPopulates: text(keywords.get('back_populates')),
    line: position(call).line,
  };
}

function methodKind(decorators: string[]): ModelMethod['kind'] {
  if (decorators.includes('classmethod')) return 'classmethod';
  if (decorators.includes('staticmethod')) return 'staticmethod';
  if (decorators.includes('property')) return 'property';
  return 'instance';
}

/** Strings of a literal tuple or list (`for key in ("a", "b")`). */
function literalNames(node: Node | null): string[] {
  const value = literal(node);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function readMethod(definition: Node, decorators: string[]): ModelMethod {
  const self = definition.childForFieldName('parameters')?.namedChildren.find((child) => child?.type === 'identifier')?.text ?? 'self';
  const reads = new Set<string>();
  const assigns = new Set<string>();
  const returnedKeys = new Set<string>();
  const body = definition.childForFieldName('body');
  for (const attribute of body?.descendantsOfType('attribute') ?? []) {
    if (attribute?.childForFieldName('object')?.text !== self) continue;
    const name = attribute.childForFieldName('attribute')?.text;
    if (!name) continue;
    const parent = attribute.parent;
    if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === attribute.id) assigns.add(name);
    else reads.add(name);
  }
  for (const call of body?.descendantsOfType('call') ?? []) {
    if (!call || dottedName(call.childForFieldName('function')) !== 'setattr') continue;
    const [target, key] = callParts(call).positional;
    if (target?.text !== self || !key) continue;
    const name = literal(key);
    if (typeof name === 'string') assigns.add(name);
    else if (key.type === 'identifier') {
      // for key in ("a", "b"): setattr(self, key, ...)
      for (let loop = call.parent; loop && loop.id !== definition.id; loop = loop.parent) {
        if (loop.type === 'for_statement' && loop.childForFieldName('left')?.text === key.text) {
          for (const item of literalNames(loop.childForFieldName('right'))) assigns.add(item);
          break;
        }
      }
    }
  }
  for (const statement of body?.descendantsOfType('return_statement') ?? []) {
    const value = statement?.namedChildren[0];
    if (value?.type !== 'dictionary') continue;
    for (const pair of value.namedChildren) {
      const key = pair?.type === 'pair' ? literal(pair.childForFieldName('key')) : undefined;
      if (typeof key === 'string') returnedKeys.add(key);
    }
  }
  return {
    name: definition.childForFieldName('name')?.text ?? '',
    line: position(definition).line,
    async: definition.children.some((child) => child?.type === 'async'),
    kind: methodKind(decorators),
    reads: [...reads],
    assigns: [...assigns],
    returnedKeys: [...returnedKeys],
  };
}

/** Relationships and methods declared in a class body (`definition` is the class_definition node). */
export function readClassMembers(definition: Node): ClassMembers {
  const members: ClassMembers = { relationships: [], methods: [] };
  for (const statement of definition.childForFieldName('body')?.namedChildren ?? []) {
    if (!statement) continue;
    if (statement.type === 'expression_statement' && statement.namedChildren[0]?.type === 'assignment') {
      const assignment = statement.namedChildren[0];
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (left?.type === 'identifier' && right?.type === 'call' && lastName(dottedName(right.childForFieldName('function'))) === 'relationship') {
        members.relationships.push(readRelationship(left.text, right));
      }
      continue;
    }
    const decorated = statement.type === 'decorated_definition';
    const definitionNode = decorated ? statement.childForFieldName('definition') : statement;
    if (definitionNode?.type !== 'function_definition') continue;
    const decorators = decorated
      ? statement.namedChildren.filter((child): child is Node => child?.type === 'decorator').map((decorator) => lastName(dottedName(decorator.namedChildren[0])) ?? '')
      : [];
    if (decorators.includes('declared_attr')) continue;
    members.methods.push(readMethod(definitionNode, decorators));
  }
  return members;
}
