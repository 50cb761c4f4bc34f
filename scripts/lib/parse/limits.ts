import type { SyntaxProblem } from './source.js';

/**
 * How far the checks go. Past a limit a file gets one finding ("too large to check: ...") at once instead
 * of a check that would take seconds or minutes. No migration or model file written by hand or by
 * autogenerate comes near them: the largest migrations of public projects are a few hundred kilobytes,
 * nest calls a few dozen levels deep and hold a few hundred operations.
 */
export const limits = {
  /** Bytes of one Python file. */
  bytes: 1024 * 1024,
  /** Levels of tree-sitter's syntax tree (a call nested in a call adds two). */
  depth: 1000,
  /** Operations in one `upgrade()` or `downgrade()`. */
  operations: 5000,
  /** A safety net for tree-sitter's error recovery on garbage that the checks above let through. */
  parseMilliseconds: 5000,
} as const;

export function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The problem of a file past a limit: `kind: 'limit'`, reported as "too large to check". */
export function tooLarge(what: string, where: { line: number; column: number } = { line: 1, column: 1 }): SyntaxProblem {
  return { ...where, message: `too large to check: ${what}`, kind: 'limit' };
}
