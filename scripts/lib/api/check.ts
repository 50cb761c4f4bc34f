import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApp } from '../app/load.js';
import type { AppModel } from '../app/model.js';
import { UsageError } from '../cli/command.js';
import { projectFileArgument } from '../discover/files.js';
import type { Project } from '../discover/types.js';
import type { Finding } from '../findings/schema.js';
import { parseForRules } from '../parse/python.js';
import type { RuleConfig } from '../rules/config.js';
import { ruleConfigOf } from '../rules/project-config.js';
import { apiRuleContext, runApiRules } from './rules/context.js';

export interface ApiCheckOptions {
  /** Files named on the command line, relative to `cwd` or absolute. */
  files?: string[];
  cwd?: string;
}

export interface ApiCheckResult {
  targets: string[];
  selection: string;
  findings: Finding[];
}

/** One catalogue's check of one project file: the API rules and stk-dev's `lint` share this shape. */
type FileCheck = (file: string) => Promise<Finding[]>;

/** The API catalogue as a file check: the file parsed, its handlers placed by the app model. */
function apiCheck(project: Project, app: AppModel, config: RuleConfig, knownRules: ReadonlySet<string>): FileCheck {
  return async (file) => {
    // a file past a limit is reported by lint's parse-error; the API rules have nothing to read
    const tree = await parseForRules(readFileSync(join(project.root, file)));
    try {
      return tree.walkable ? runApiRules(apiRuleContext({ file, root: tree.root, app, knownRules }), config) : [];
    } finally {
      tree.delete();
    }
  };
}

/** Findings that two catalogues both report (the shared `invalid-suppression`) count once. */
function unique(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.rule}\0${finding.file}\0${finding.line}\0${finding.column}\0${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Reviews API code: the files named, or every file of the app that declares routes. Each file goes through every
 * catalogue in `checks`: stk-dev's conventions (`lint`) and the API rules.
 */
export async function checkApi(project: Project, options: ApiCheckOptions = {}): Promise<ApiCheckResult> {
  let config: RuleConfig;
  try {
    config = await ruleConfigOf(project);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const app = await loadApp(project);
  const named = options.files && options.files.length > 0 ? options.files.map((file) => projectFileArgument(project.root, file, options.cwd ?? process.cwd())) : undefined;
  for (const file of named ?? []) if (!file.endsWith('.py')) throw new UsageError(`${file}: api-check reads Python modules (.py)`);
  const targets = named ?? [...new Set(app.routes.map((route) => route.file))].sort();
  const selection = named ? 'the files given' : 'every file that declares routes';
  const { allRuleIds } = await import('../suite/catalogues.js');
  const knownRules = await allRuleIds();
  const { Linter } = await import('../dev/lint.js');
  const linter = new Linter(project, config);
  const checks: FileCheck[] = [(file) => linter.lint(file), apiCheck(project, app, config, knownRules)];
  const findings: Finding[] = [];
  for (const file of targets) for (const check of checks) findings.push(...(await check(file)));
  linter.save();
  return { targets, selection, findings: unique(findings).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule)) };
}
