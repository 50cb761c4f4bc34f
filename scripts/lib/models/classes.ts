import type { ModelMethod, ModelRelationship } from './members.js';
import type { ClassInfo, ModelColumn, ModelFileResult } from './parse.js';
import { collectTables } from './tables.js';

/** A mapped class with everything it gets from its bases in the model files: columns, relationships and methods. */
export interface ModelClass {
  name: string;
  table: string;
  /** Path relative to the project root, forward slashes. */
  file: string;
  line: number;
  bases: string[];
  columns: ModelColumn[];
  relationships: ModelRelationship[];
  /** Its own methods first, then those of its bases that it does not override. */
  methods: ModelMethod[];
}

/** Every class with a `__tablename__` across the model files, its mixins' columns and methods included. */
export function modelClasses(files: ModelFileResult[]): ModelClass[] {
  const classes = new Map<string, ClassInfo>();
  for (const file of files) for (const info of file.classes) if (!classes.has(info.name)) classes.set(info.name, info);
  const tables = new Map(collectTables(files).flatMap((table) => (table.className ? [[`${table.file}:${table.className}`, table] as const] : [])));

  const lineage = (info: ClassInfo, seen: Set<string>): ClassInfo[] => {
    const found = [info];
    for (const base of info.bases) {
      const parent = classes.get(base);
      if (!parent || seen.has(base)) continue;
      seen.add(base);
      found.push(...lineage(parent, seen));
    }
    return found;
  };

  return files.flatMap((file) =>
    file.classes.flatMap((info): ModelClass[] => {
      const table = tables.get(`${info.file}:${info.name}`);
      if (!info.tablename || !table) return [];
      const chain = lineage(info, new Set([info.name]));
      const byName = <T extends { name: string }>(items: T[]) => items.filter((item, index) => items.findIndex((other) => other.name === item.name) === index);
      return [
        {
          name: info.name,
          table: info.tablename,
          file: info.file,
          line: info.line,
          bases: info.bases,
          columns: table.columns,
          relationships: byName(chain.flatMap((member) => member.members.relationships)),
          methods: byName(chain.flatMap((member) => member.members.methods)),
        },
      ];
    }),
  );
}
