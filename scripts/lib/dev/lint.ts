import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParseCache } from '../cache/parse-cache.js';
import { UsageError } from '../cli/command.js';
import { projectFileArgument } from '../discover/files.js';
import { changedSinceHead } from '../discover/git.js';
import type { Project } from '../discover/types.js';
import type { Finding } from '../findings/schema.js';
import { parseForRules } from '../parse/python.js';
import type { RuleConfig } from '../rules/config.js';
import { ruleConfigOf } from '../rules/project-config.js';
import { appFileKind, appFiles, requireAppPackage, templatesDir } from './files.js';
import { readModule } from './python/module.js';
import { importedModules, summarizeModule, SUMMARY_FORMAT, type ModuleSummary } from './python/symbols.js';
import { pythonContext, runDevRules, templateContext } from './rules/context.js';
import type { DevContext } from './rules/types.js';
import { readLayout, type Layout } from './template/model.js';

export interface LintOptions {
  /** Files named on the command line, relative to `cwd` or absolute. */
  files?: string[];
  /** Check every app file. */
  all?: boolean;
  cwd?: string;
}

export interface LintResult {
  targets: string[];
  /** How the targets were chosen, for the text output. */
  selection: string;
  findings: Finding[];
}

/** How far `{% extends %}` is followed: a layout of a layout of a layout is already unusual. */
const MAX_LAYOUT_DEPTH = 5;

/**
 * Lints app files of one project: parses each, reads what it imports from the project (summaries cached per
 * file version, like the models) and the layouts a template extends, and runs the app-code catalogue.
 */
export class Linter {
  private readonly summaries: ParseCache<ModuleSummary>;
  private readonly layouts = new Map<string, Layout | undefined>();
  private readonly pkg: string | undefined;

  constructor(
    private readonly project: Project,
    private readonly config: RuleConfig,
  ) {
    this.summaries = new ParseCache<ModuleSummary>(project.root, `dev-symbols-${SUMMARY_FORMAT}`);
    this.pkg = project.appPackage;
  }

  /** The project file of a dotted module name, if there is one. */
  private moduleFile(name: string): string | undefined {
    const path = name.split('.').join('/');
    return [`${path}.py`, `${path}/__init__.py`].find((file) => existsSync(join(this.project.root, file)));
  }

  private async importedSummaries(names: string[]): Promise<Map<string, ModuleSummary>> {
    const found = new Map<string, ModuleSummary>();
    for (const name of names) {
      const file = this.moduleFile(name);
      if (!file) continue;
      found.set(
        name,
        await this.summaries.get(file, join(this.project.root, file), async () => {
          const tree = await parseForRules(readFileSync(join(this.project.root, file)));
          try {
            return summarizeModule(readModule(tree.root, file));
          } finally {
            tree.delete();
          }
        }),
      );
    }
    return found;
  }

  private async lintPython(file: string, source: string): Promise<Finding[]> {
    const tree = await parseForRules(source);
    try {
      const module = readModule(tree.root, file);
      const imported = await this.importedSummaries(importedModules(module));
      return runDevRules(await this.withSuiteRules(pythonContext({ file, root: tree.root, problem: tree.problem, module, imported, appPackage: this.pkg })), this.config);
    } finally {
      tree.delete();
    }
  }

  /** A template of the app's templates folder, by the name `{% extends %}` gives; undefined when there is none. */
  private async layout(name: string): Promise<Layout | undefined> {
    if (this.layouts.has(name)) return this.layouts.get(name);
    const file = this.pkg ? join(this.project.root, templatesDir(this.pkg), name) : undefined;
    const { parseTemplate } = await import('../parse/template.js');
    const layout = file && existsSync(file) ? readLayout(await parseTemplate(readFileSync(file, 'utf8'))) : undefined;
    this.layouts.set(name, layout);
    return layout;
  }

  private async lintTemplate(file: string, source: string): Promise<Finding[]> {
    // the HTML parser loads only when a template is linted
    const { parseTemplate } = await import('../parse/template.js');
    const template = await parseTemplate(source);
    try {
      const chain: Layout[] = [];
      let parent = readLayout(template);
      for (let depth = 0; depth < MAX_LAYOUT_DEPTH; depth += 1) {
        const name = parent.extends;
        const next = name ? await this.layout(name) : undefined;
        if (!next || chain.includes(next)) break;
        chain.push(next);
        parent = next;
      }
      return runDevRules(await this.withSuiteRules(await templateContext({ file, template, layouts: chain })), this.config);
    } finally {
      template.javascript?.delete();
    }
  }

  /**
   * A suppression may name a rule of another catalogue of the suite (a view also checked by stk-api's rules);
   * the other catalogues load only when a suppression names an id this one does not know.
   */
  private async withSuiteRules<C extends DevContext>(context: C): Promise<C> {
    if (!context.suppressions.some((suppression) => suppression.unknownRules.length > 0)) return context;
    const { allRuleIds } = await import('../suite/catalogues.js');
    const known = await allRuleIds();
    for (const suppression of context.suppressions) suppression.unknownRules = suppression.unknownRules.filter((id) => !known.has(id));
    return context;
  }

  /** Findings for one project-relative file, read as Python or as a template by its name. */
  async lint(file: string): Promise<Finding[]> {
    const source = readFileSync(join(this.project.root, file), 'utf8');
    const kind = appFileKind(file);
    if (kind === 'python') return this.lintPython(file, source);
    if (kind === 'template') return this.lintTemplate(file, source);
    throw new UsageError(`${file}: lint reads Python modules (.py) and templates (.html)`);
  }

  /** Keeps the module summaries for the next run. */
  save(): void {
    this.summaries.save();
  }
}

/** Targets when none are named: every app file, or those changed since git HEAD (every one outside git). */
async function defaultTargets(project: Project, all: boolean): Promise<{ targets: string[]; selection: string }> {
  const files = appFiles(project);
  const count = `${files.length} app file${files.length === 1 ? '' : 's'}`;
  if (all) return { targets: files, selection: `all ${count}` };
  const changed = await changedSinceHead(project, [join(project.root, requireAppPackage(project))], new Set(files));
  if (!changed) return { targets: files, selection: `all ${count}: not a git repository, so nothing tells which changed` };
  return { targets: changed, selection: changed.length > 0 ? 'app files changed or added since git HEAD' : 'no app file changed since git HEAD; pass --all to check every one' };
}

export async function lintProject(project: Project, options: LintOptions = {}): Promise<LintResult> {
  const config = await ruleConfigOf(project);
  const named = options.files && options.files.length > 0 ? options.files.map((file) => projectFileArgument(project.root, file, options.cwd ?? process.cwd())) : undefined;
  for (const file of named ?? []) if (!appFileKind(file)) throw new UsageError(`${file}: lint reads Python modules (.py) and templates (.html)`);
  const { targets, selection } = named ? { targets: named, selection: 'the files given' } : await defaultTargets(project, options.all === true);
  const linter = new Linter(project, config);
  const findings: Finding[] = [];
  for (const file of targets) findings.push(...(await linter.lint(file)));
  linter.save();
  return { targets, selection, findings };
}
