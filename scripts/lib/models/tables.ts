import type { ClassInfo, ModelColumn, ModelConstraint, ModelFileResult, ModelTable } from './parse.js';

/** Every table across the model files: `Table(...)`s plus classes with `__tablename__`, with columns inherited from mixins. */
export function collectTables(files: ModelFileResult[]): ModelTable[] {
  const classes = new Map<string, ClassInfo>();
  for (const file of files) for (const info of file.classes) if (!classes.has(info.name)) classes.set(info.name, info);

  const inherited = (info: ClassInfo, seen: Set<string>): { columns: ModelColumn[]; constraints: ModelConstraint[] } => {
    const columns: ModelColumn[] = [];
    const constraints: ModelConstraint[] = [];
    for (const base of info.bases) {
      const parent = classes.get(base);
      if (!parent || seen.has(base) || parent.tablename) continue;
      seen.add(base);
      const fromParent = inherited(parent, seen);
      columns.push(...fromParent.columns, ...parent.columns);
      constraints.push(...fromParent.constraints, ...parent.constraints);
    }
    return { columns, constraints };
  };

  const tables: ModelTable[] = files.flatMap((file) => file.tables);
  for (const file of files) {
    for (const info of file.classes) {
      if (!info.tablename) continue;
      const fromBases = inherited(info, new Set([info.name]));
      const columns = new Map<string, ModelColumn>();
      for (const column of [...fromBases.columns, ...info.columns]) columns.set(column.name, column);
      tables.push({
        name: info.tablename,
        className: info.name,
        variable: null,
        declaredBy: 'tablename',
        file: info.file,
        line: info.line,
        columns: [...columns.values()],
        constraints: [...fromBases.constraints, ...info.constraints],
      });
    }
  }
  return tables.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}
