import { apiNames, type ApiNames } from '../api/names.js';

/** Python's keywords, soft keywords included: a module, a variable or an import named so does not parse or misleads. */
const keywords = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type _'.split(' '),
);

/** Python's builtins in lowercase: a module called `list` or `id` shadows them wherever it is imported whole. */
const builtins = new Set(
  'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip'.split(
    ' ',
  ),
);

/**
 * Names a module of an stk app must not take when the project's scaffolder does not list its own: the blueprints and
 * modules stk ships (`user`, `public`, `portal`, `extensions`, `settings`, `migrations`, `tasks`, ...) and the names
 * its layout gives a meaning (`static`, `templates`, `api`, `admin`).
 */
export const defaultReservedNames: readonly string[] = [
  'admin',
  'api',
  'app',
  'auth',
  'cli',
  'commands',
  'core',
  'extensions',
  'migrations',
  'models',
  'portal',
  'public',
  'role',
  'roles',
  'scaffold',
  'security',
  'session',
  'sessions',
  'settings',
  'static',
  'tasks',
  'templates',
  'test',
  'tests',
  'user',
  'users',
  'utils',
  'views',
];

const MAX_LENGTH = 40;

/** Why `name` cannot name a module at all (whatever the project holds), or undefined when its shape is fine. */
export function nameShapeProblem(name: string): string | undefined {
  if (name === '') return 'no name given: name the module in lowercase snake_case, e.g. invoice_line';
  if (name.length > MAX_LENGTH) return `'${name}' is longer than ${MAX_LENGTH} characters`;
  if (!/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/.test(name)) {
    const why = /^[^a-z]/.test(name) ? 'it must start with a lowercase letter' : /[A-Z]/.test(name) ? 'it has uppercase letters' : /__|_$/.test(name) ? 'it has a double or trailing underscore' : 'it has characters other than a-z, 0-9 and _';
    return `'${name}' is not lowercase snake_case (${why}); e.g. invoice_line`;
  }
  if (keywords.has(name)) return `'${name}' is a Python keyword`;
  if (builtins.has(name)) return `'${name}' is a Python builtin; a module called so would shadow it`;
  return undefined;
}

/** `invoice_line` -> `InvoiceLine`. */
export function className(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Everything a new module called `name` takes in a project. */
export interface ModuleNames {
  name: string;
  /** `<package>/<name>`. */
  folder: string;
  /** Its dotted module: `stkapp.invoice_line`. */
  module: string;
  /** The blueprint's name (endpoints are `<name>.<function>`). */
  blueprint: string;
  /** The variable the views module binds it to. */
  variable: string;
  model: string;
  table: string;
  api: ApiNames;
  /** `<package>/templates/cms/<plural>.html`. */
  templateFile: string;
}

export function moduleNames(name: string, pkg: string): ModuleNames {
  const api = apiNames(className(name));
  const folder = `${pkg}/${name}`;
  return { name, folder, module: folder.replace(/^src\//, '').split('/').join('.'), blueprint: name, variable: `bp_${name}`, model: api.model, table: name, api, templateFile: `${pkg}/templates/${api.template}` };
}
