// The recipes settings.ts reads, and their evaluation: data only, so that a run answered from the cache never loads the parser.

/**
 * How a settings module computes `SQLALCHEMY_DATABASE_URI`, read with tree-sitter and kept as data (so it can
 * be cached and evaluated against the environment of each run): text (paths from `__file__` already
 * computed), an environment variable with its fallback, a concatenation, `a or b`, or something a static
 * reading cannot follow.
 */
export type UrlRecipe =
  | { kind: 'text'; value: string }
  | { kind: 'env'; name: string; fallback: UrlRecipe | null }
  | { kind: 'concat'; parts: UrlRecipe[] }
  | { kind: 'or'; options: UrlRecipe[] }
  | { kind: 'unknown'; reason: string };

export interface SettingsUrl {
  /** Where the value is set: a class (`Config`), the module, or `app.config`. */
  where: string;
  line: number;
  recipe: UrlRecipe;
}

/** The recipe's value in this environment, or why it has none. */
export function evaluateRecipe(recipe: UrlRecipe, env: (name: string) => string | undefined): { value: string } | { missing: string } {
  switch (recipe.kind) {
    case 'text':
      return { value: recipe.value };
    case 'env': {
      const value = env(recipe.name);
      if (value !== undefined && value !== '') return { value };
      return recipe.fallback ? evaluateRecipe(recipe.fallback, env) : { missing: `${recipe.name} is not set` };
    }
    case 'concat': {
      let out = '';
      for (const part of recipe.parts) {
        const value = evaluateRecipe(part, env);
        if ('missing' in value) return value;
        out += value.value;
      }
      return { value: out };
    }
    case 'or': {
      let last: { missing: string } = { missing: 'no value' };
      for (const option of recipe.options) {
        const value = evaluateRecipe(option, env);
        if ('value' in value && value.value !== '') return value;
        if ('missing' in value) last = value;
      }
      return last;
    }
    case 'unknown':
      return { missing: `it is computed by ${recipe.reason}, which stk-migrate does not evaluate` };
  }
}

/** Every environment variable a recipe reads. */
export function recipeVariables(recipe: UrlRecipe): string[] {
  switch (recipe.kind) {
    case 'env':
      return [recipe.name, ...(recipe.fallback ? recipeVariables(recipe.fallback) : [])];
    case 'concat':
      return recipe.parts.flatMap(recipeVariables);
    case 'or':
      return recipe.options.flatMap(recipeVariables);
    default:
      return [];
  }
}
