import type { ImportNeed } from './python-imports.js';

/**
 * How generated code refers to `module.name` in a file: through a name the file already imports (`sa.select`
 * when it has `import sqlalchemy as sa`, `select` when it has `from sqlalchemy import select`), else through a
 * new import, which it records.
 */
export class NameResolver {
  readonly needs: ImportNeed[] = [];

  /** `bindings`: local name -> qualified name, as `readImports` gives them. */
  constructor(private readonly bindings: Readonly<Record<string, string>>) {}

  /** The expression for `module.name` (or the module itself when `name` is absent). */
  use(module: string, name?: string): string {
    const wanted = name ? `${module}.${name}` : module;
    for (const [local, qualified] of Object.entries(this.bindings)) if (qualified === wanted) return local;
    if (name) {
      for (const [local, qualified] of Object.entries(this.bindings)) if (qualified === module) return `${local}.${name}`;
    }
    if (!this.needs.some((need) => need.module === module && need.name === name)) this.needs.push(name ? { module, name } : { module });
    return name ?? module;
  }
}
