import type { ClassInfo, ModelColumn, ModelConstraint, ModelFileResult, ModelTable } from './parse.js';

/** Flask-SQLAlchemy's table name for a class without `__tablename__`: `UserRole` -> `user_role`, `HTTPLog` -> `http_log`. */
export function flaskTableName(className: string): string {
  return className.replace(/((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))/g, '_$1').toLowerCase().replace(/^_+/, '');
}

/** How a class is mapped: to a table of its own, into its parent's table (single-table inheritance), or not at all. */
type Mapping = { kind: 'table'; name: string; declaredBy: ModelTable['declaredBy'] } | { kind: 'single'; root: ClassInfo } | { kind: 'none' };

/**
 * Every table across the model files: `Table(...)`s, classes with `__tablename__` (or `__table__`), and
 * Flask-SQLAlchemy `db.Model` classes named after the class; columns inherited from mixins, and columns of
 * single-table-inheritance subclasses (which add no table) folded into their parent's table.
 */
export function collectTables(files: ModelFileResult[]): ModelTable[] {
  const classes = new Map<string, ClassInfo>();
  for (const file of files) for (const info of file.classes) if (!classes.has(info.name)) classes.set(info.name, info);
  const declared = new Set(files.flatMap((file) => file.flaskSqlalchemy));
  const flaskNames = declared.size > 0 ? declared : new Set(['db']);

  const isFlaskBase = (info: ClassInfo, seen = new Set<string>()): boolean =>
    info.dottedBases.some((base) => {
      const [owner, member, ...rest] = base.split('.');
      if (member === 'Model' && rest.length === 0 && owner && flaskNames.has(owner)) return true;
      const parent = classes.get(base.split('.').pop() ?? base);
      if (!parent || seen.has(parent.name)) return false;
      seen.add(parent.name);
      return isFlaskBase(parent, seen);
    });

  const mappings = new Map<ClassInfo, Mapping>();
  const mappingOf = (info: ClassInfo, seen = new Set<string>()): Mapping => {
    const known = mappings.get(info);
    if (known) return known;
    if (seen.has(info.name)) return { kind: 'none' };
    seen.add(info.name);
    const parents = info.bases.map((base) => classes.get(base)).filter((parent): parent is ClassInfo => !!parent);
    const mappedParent = parents.find((parent) => mappingOf(parent, seen).kind !== 'none');
    const rule = info.bases.map((base) => classes.get(base)).map((parent) => (parent ? tablenameRule(parent, seen) : null)).find(Boolean) ?? null;
    const inheritedName = info.tablename ? null : unmappedTablename(info, seen);
    let mapping: Mapping = { kind: 'none' };
    // SQLAlchemy maps no table for an abstract class, even one that sets `__tablename__`
    if (info.abstract) mapping = { kind: 'none' };
    else if (info.tablename) mapping = { kind: 'table', name: info.tablename, declaredBy: 'tablename' };
    else if (inheritedName) mapping = { kind: 'table', name: inheritedName, declaredBy: 'tablename' };
    else if (isFlaskBase(info)) {
      // Flask-SQLAlchemy names the class's table unless it inherits a table and declares no primary key (single-table inheritance)
      const key = [...inherited(info, new Set([info.name])).columns, ...info.columns].some((column) => column.primaryKey);
      mapping = !mappedParent || key ? { kind: 'table', name: flaskTableName(info.name), declaredBy: 'flask-sqlalchemy' } : single(mappedParent, seen);
    } else if (rule && !mappedParent && [...inherited(info, new Set([info.name])).columns, ...info.columns].length > 0) {
      mapping = { kind: 'table', name: rule === 'lower' ? info.name.toLowerCase() : info.name, declaredBy: 'tablename' };
    }
    else if (mappedParent) mapping = single(mappedParent, seen);
    mappings.set(info, mapping);
    return mapping;
  };
  const single = (parent: ClassInfo, seen: Set<string>): Mapping => {
    const mapping = mappingOf(parent, seen);
    return { kind: 'single', root: mapping.kind === 'single' ? mapping.root : parent };
  };
  /** A `__tablename__` set on an unmapped base (an abstract one): SQLAlchemy reads it as an inherited class attribute. */
  const unmappedTablename = (info: ClassInfo, seen: Set<string>): string | null => {
    for (const base of info.bases) {
      const parent = classes.get(base);
      if (!parent || seen.has(`name:${base}`) || mappingOf(parent, seen).kind !== 'none') continue;
      seen.add(`name:${base}`);
      const name = parent.tablename ?? unmappedTablename(parent, seen);
      if (name) return name;
    }
    return null;
  };
  /** A `__tablename__` computed by a `@declared_attr` of the class or one of its bases. */
  const tablenameRule = (info: ClassInfo, seen: Set<string>): ClassInfo['tablenameRule'] => {
    if (info.tablenameRule) return info.tablenameRule;
    for (const base of info.bases) {
      const parent = classes.get(base);
      if (parent && !seen.has(`rule:${base}`)) {
        seen.add(`rule:${base}`);
        const rule = tablenameRule(parent, seen);
        if (rule) return rule;
      }
    }
    return null;
  };

  const inherited = (info: ClassInfo, seen: Set<string>): { columns: ModelColumn[]; constraints: ModelConstraint[] } => {
    const columns: ModelColumn[] = [];
    const constraints: ModelConstraint[] = [];
    for (const base of info.bases) {
      const parent = classes.get(base);
      if (!parent || seen.has(base) || mappingOf(parent).kind !== 'none') continue;
      seen.add(base);
      const fromParent = inherited(parent, seen);
      columns.push(...fromParent.columns, ...parent.columns);
      constraints.push(...fromParent.constraints, ...parent.constraints);
    }
    return { columns, constraints };
  };

  /** Every base of a class, transitively, as written (`Base`, `db.Model`, `DeclarativeBase`). */
  const lineage = (info: ClassInfo, seen = new Set<string>()): string[] =>
    info.dottedBases.flatMap((base) => {
      const parent = classes.get(base.split('.').pop() ?? base);
      if (!parent || seen.has(parent.name)) return [base];
      seen.add(parent.name);
      return [base, ...lineage(parent, seen)];
    });

  const tables: ModelTable[] = files.flatMap((file) => file.tables);
  const byClass = new Map<ClassInfo, ModelTable>();
  for (const file of files) {
    for (const info of file.classes) {
      if (classes.get(info.name) !== info) continue;
      const mapping = mappingOf(info);
      if (mapping.kind !== 'table') continue;
      const fromBases = inherited(info, new Set([info.name]));
      const columns = new Map<string, ModelColumn>();
      for (const column of [...fromBases.columns, ...info.columns]) columns.set(column.name, column);
      const table: ModelTable = {
        name: mapping.name,
        className: info.name,
        variable: null,
        declaredBy: mapping.declaredBy,
        file: info.file,
        line: info.line,
        columns: [...columns.values()],
        constraints: [...fromBases.constraints, ...info.constraints],
        lineage: [...new Set(lineage(info))],
      };
      byClass.set(info, table);
      tables.push(table);
    }
  }
  for (const info of classes.values()) {
    const mapping = mappingOf(info);
    const table = mapping.kind === 'single' ? byClass.get(mapping.root) : undefined;
    if (!table) continue;
    for (const column of info.columns) if (!table.columns.some((existing) => existing.name === column.name)) table.columns.push(column);
    table.constraints.push(...info.constraints);
  }
  return tables.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/** The naming convention of the models' MetaData, when they declare one (the first found). */
export function namingConventionOf(files: ModelFileResult[]): Record<string, string> | undefined {
  return files.find((file) => file.namingConvention)?.namingConvention ?? undefined;
}

/** Whether a module declares anything of the schema: tables, mapped or mixin columns, a naming convention. */
export function declaresModels(result: ModelFileResult): boolean {
  return result.tables.length > 0 || result.classes.some((info) => info.tablename !== null || info.columns.length > 0) || result.namingConvention !== null;
}

/**
 * The tables of the metadata env.py migrates (`target_metadata = CoreBase.metadata`): an ini with several
 * environments usually gives each its own models. Tables whose owner cannot be told stay; when nothing
 * matches, the attribution is not understood and every table stays.
 */
export function tablesOfMetadata(tables: ModelTable[], owners: string[] | null): ModelTable[] {
  if (!owners || owners.length === 0) return tables;
  const known = tables.filter((table) => table.lineage.length > 0);
  const matching = known.filter((table) => table.lineage.some((base) => owners.includes(base) || owners.includes(base.split('.')[0] ?? base)));
  if (matching.length === 0) return tables;
  return tables.filter((table) => table.lineage.length === 0 || matching.includes(table));
}
