import type { Severity } from '../findings/schema.js';

/** `# stk-migrate: ignore[rule-a, rule-b] reason` (or `# stk: ignore[...]`; `{# stk: ignore[...] #}` in templates). */
export interface Suppression {
  rules: string[];
  reason: string;
  /** `file` when the comment stands before the first statement (after the module docstring), else `line`. */
  scope: 'line' | 'file';
  /** Lines whose findings it silences: its own line (and the start of the statement it ends) for a trailing comment, the next code line for one on its own line. */
  targets: number[];
  line: number;
  column: number;
  /** Rule ids the comment names that no rule has. */
  unknownRules: string[];
  /** How the comment opens (`#` in Python, `{#`, `<!--` or `//` in a template), for fixes that rewrite it; `#` when absent. */
  opener?: '#' | '{#' | '<!--' | '//';
  /** The prefix as written (`stk-migrate:` or `stk:`, both honoured), for fixes that rewrite the comment. */
  prefix?: 'stk-migrate' | 'stk';
}

/** One problem a rule reports; the engine adds the rule id, the severity and the file. */
export interface Report {
  /** The file the finding is in, when not the subject's own (a wiring rule points at the app or the sidebar script). */
  file?: string;
  line: number;
  column: number;
  /** One sentence stating the consequence. */
  message: string;
  /** The concrete fix. */
  help: string;
  /**
   * `info` for a note that is not a violation ("cannot verify", an accepted irreversible migration);
   * `warning` for the milder case of a rule whose default is error (a relationship with no loader named, next to `lazy="dynamic"`).
   */
  severity?: 'info' | 'warning';
}

export interface RuleDocs {
  /** What it does: one or two sentences. */
  what: string;
  /** Why is this bad? */
  why: string;
  /** Code that the rule reports. */
  example: string;
  /** Code to write instead. */
  fix: string;
  /** The language of the example and the fix, for the docs' code blocks (default python). */
  language?: 'python' | 'html' | 'javascript';
}

/** What every rule's input carries, whatever the catalogue: the file and its suppression comments. */
export interface RuleSubject {
  /** Path relative to the project root, forward slashes. */
  file: string;
  suppressions: Suppression[];
}

/**
 * One rule of any catalogue (migrations, app code, API code): a pure function of the parsed input,
 * never the file system. The engine does not care which skill owns it.
 */
export interface Rule<C extends RuleSubject = RuleSubject> {
  /** Stable id, unique across the suite: tools outside rely on it. */
  id: string;
  /** Shown in the docs; each catalogue has its own groups. */
  group: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
  check(context: C): Report[];
}
