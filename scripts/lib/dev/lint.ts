import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildId } from '../cache/build-id.js';
import { BlobStore, fileVersion, ParseCache, sha1 } from '../cache/parse-cache.js';
import { readBytes } from '../cli/errors.js';
import { UsageError } from '../cli/command.js';
import { projectFileArgument } from '../discover/files.js';
import { changedSinceHead } from '../discover/git.js';
import type { Project } from '../discover/types.js';
import type { Finding } from '../findings/schema.js';
import type { RuleConfig } from '../rules/config.js';
import { ruleConfigOf } from '../rules/project-config.js';
import { appFileKind, appFiles, requireAppPackage, templatesDir } from './files.js';
import type { ModuleSummary } from './python/symbols.js';
import type { DevContext } from './rules/types.js';
import type { Layout } from './template/model.js';

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

/** Another project file a lint read, by its path from the root, and the hash of its bytes (null: it was looked for and is absent). */
type Read = [file: string, hash: string | null];

/** The parsers and the catalogue, loaded when a file has to be linted (a kept result needs none of them). */
async function linting() {
  const [python, module, symbols, rules, layouts] = await Promise.all([import('../parse/python.js'), import('./python/module.js'), import('./python/symbols.js'), import('./rules/context.js'), import('./template/model.js')]);
  return { parseForRules: python.parseForRules, readModule: module.readModule, ...symbols, ...rules, readLayout: layouts.readLayout };
}

/** What a lint found in one file version, and every other file it read to find it. */
interface KeptLint {
  findings: Finding[];
  reads: Read[];
}

/**
 * Lints app files of one project: parses each, reads what it imports from the project (summaries cached per
 * file version, like the models) and the layouts a template extends, and runs the app-code catalogue.
 *
 * What a built bundle finds in a file is kept under the file's path and hash, the rule settings and the
 * build, with every other file the lint read (the modules looked for, the layouts) and their hashes: a run
 * that finds the same file version, and every read file as it was, answers without parsing.
 */
export class Linter {
  private summaryCache: ParseCache<ModuleSummary> | undefined;
  private readonly results: BlobStore<KeptLint> | undefined;
  private readonly settings: string;
  private readonly layouts = new Map<string, { layout: Layout | undefined; read: Read }>();
  private readonly pkg: string | undefined;
  /** The files the current lint has read so far. */
  private reads: Read[] = [];

  constructor(
    private readonly project: Project,
    private readonly config: RuleConfig,
    files = 1,
  ) {
    this.pkg = project.appPackage;
    this.results = buildId === undefined ? undefined : new BlobStore<KeptLint>(project.root, 'lint-results-1', Math.max(400, files * 3));
    this.settings = JSON.stringify([buildId, this.pkg ?? null, config]);
  }

  /** The project file of a dotted module name, if there is one (each path looked at is a read: its absence counts). */
  private moduleFile(name: string): string | undefined {
    const path = name.split('.').join('/');
    for (const file of [`${path}.py`, `${path}/__init__.py`]) {
      if (existsSync(join(this.project.root, file))) return file;
      this.reads.push([file, null]);
    }
    return undefined;
  }

  private async importedSummaries(names: string[]): Promise<Map<string, ModuleSummary>> {
    const { parseForRules, readModule, summarizeModule, SUMMARY_FORMAT } = await linting();
    this.summaryCache ??= new ParseCache<ModuleSummary>(this.project.root, `dev-symbols-${SUMMARY_FORMAT}`);
    const found = new Map<string, ModuleSummary>();
    for (const name of names) {
      const file = this.moduleFile(name);
      if (!file) continue;
      const { data, hash } = await this.summaryCache.lookup(file, join(this.project.root, file), async (bytes) => {
        const tree = await parseForRules(bytes);
        try {
          return summarizeModule(readModule(tree.root, file));
        } finally {
          tree.delete();
        }
      });
      this.reads.push([file, hash]);
      found.set(name, data);
    }
    return found;
  }

  /** Whether every file a kept result read is still as it was read. */
  private readsHold(reads: Read[]): boolean {
    try {
      return reads.every(([file, hash]) => {
        const absolute = join(this.project.root, file);
        return hash === null ? !existsSync(absolute) : existsSync(absolute) && fileVersion(this.project.root, absolute).hash === hash;
      });
    } catch {
      return false;
    }
  }

  private async lintPython(file: string, source: string): Promise<Finding[]> {
    const { parseForRules, readModule, importedModules, pythonContext, runDevRules } = await linting();
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
    let known = this.layouts.get(name);
    if (!known) {
      const file = this.pkg ? `${templatesDir(this.pkg)}/${name}` : undefined;
      const absolute = file ? join(this.project.root, file) : undefined;
      if (file && absolute && existsSync(absolute)) {
        const version = fileVersion(this.project.root, absolute);
        const bytes = version.bytes ?? readBytes(absolute);
        const [{ parseTemplate }, { readLayout }] = await Promise.all([import('../parse/template.js'), linting()]);
        known = { layout: readLayout(await parseTemplate(bytes.toString('utf8'))), read: [file, version.bytes ? version.hash : sha1(bytes)] };
      } else known = { layout: undefined, read: [file ?? name, null] };
      this.layouts.set(name, known);
    }
    this.reads.push(known.read);
    return known.layout;
  }

  private async lintTemplate(file: string, source: string): Promise<Finding[]> {
    // the HTML parser loads only when a template is linted
    const [{ parseTemplate }, { readLayout, templateContext, runDevRules }] = await Promise.all([import('../parse/template.js'), linting()]);
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
    const kind = appFileKind(file);
    if (!kind) throw new UsageError(`${file}: lint reads Python modules (.py) and templates (.html)`);
    const absolute = join(this.project.root, file);
    const version = fileVersion(this.project.root, absolute);
    const key = BlobStore.key('lint', this.settings, file, version.hash);
    const kept = this.results?.read(key);
    if (kept && this.readsHold(kept.reads)) return kept.findings;
    // the bytes linted are the bytes hashed
    const bytes = version.bytes ?? readBytes(absolute);
    const source = bytes.toString('utf8');
    this.reads = [];
    const findings = kind === 'python' ? await this.lintPython(file, source) : await this.lintTemplate(file, source);
    if (version.bytes || sha1(bytes) === version.hash) this.results?.write(key, { findings, reads: this.reads });
    return findings;
  }

  /** Keeps the module summaries for the next run. */
  save(): void {
    this.summaryCache?.save();
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
  const linter = new Linter(project, config, targets.length);
  const findings: Finding[] = [];
  for (const file of targets) findings.push(...(await linter.lint(file)));
  linter.save();
  return { targets, selection, findings };
}
