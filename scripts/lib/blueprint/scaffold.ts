import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { checkApi } from '../api/check.js';
import { findModel } from '../api/context.js';
import { loadApiProject, type ApiProject } from '../api/project.js';
import { runSmoke } from '../api/smoke/run.js';
import { routeShape } from '../app/paths.js';
import { lastLines, runTool } from '../checks/process.js';
import { UsageError } from '../cli/command.js';
import { lintProject } from '../dev/lint.js';
import { relativePath } from '../discover/files.js';
import { discoverProject } from '../discover/project.js';
import { resolvePython } from '../discover/runner.js';
import type { Project } from '../discover/types.js';
import { ConcurrentEdit, leftoverNote, writeAllOrNothing, type FileChange } from '../edit/atomic.js';
import { applyEdits } from '../edit/text.js';
import type { Finding } from '../findings/schema.js';
import { parseMigrationHeader } from '../migrate/header.js';
import { createRevision } from '../migrate/new/revision.js';
import { runRoundtrip } from '../migrate/roundtrip/run.js';
import { validateMigrations } from '../migrate/validate.js';
import { withThrowawaySession } from '../throwaway/session.js';
import { planModule } from './generate.js';
import type { ModuleNames } from './names.js';
import { navigationEdit, navigationTitle } from './navigation.js';
import { runPageCheck } from './page.js';
import { checkName, loadBlueprintProject, type BlueprintProject } from './project.js';
import { registrationChange } from './registration.js';
import { scaffolderArgv, scaffolderIsSafe, type Scaffolder } from './scaffolder.js';
import { changesSince, restoreTree, snapshotTree, type TreeSnapshot } from './snapshot.js';
import { writeOutput } from '../cli/errors.js';

export const scaffoldSteps = ['files', 'migration', 'validate', 'lint', 'api-check', 'roundtrip', 'api-smoke', 'page-check'] as const;
export type ScaffoldStepName = (typeof scaffoldSteps)[number];

export interface ScaffoldStep {
  step: ScaffoldStepName;
  status: 'passed' | 'failed' | 'skipped';
  /** One line: what it did, or why it failed or was skipped. */
  summary: string;
  findings: Finding[];
}

/** `scaffold --format json`. */
export interface ScaffoldReport {
  name: string;
  status: 'done' | 'dry-run' | 'refused' | 'failed';
  refused: string | null;
  /** Who wrote the module: stk's scaffolder (run with its flag against migrating), or our generator. */
  via: 'scaffolder' | 'generator' | null;
  /** The scaffolder's argv, when it ran (or would run). */
  command: string[] | null;
  files: { path: string; change: 'created' | 'patched' }[];
  migration: string | null;
  model: string | null;
  page: string | null;
  steps: ScaffoldStep[];
  /** After a failure: whether every file was put back (and the migration removed), or kept with --keep. */
  restored: boolean | null;
  notes: string[];
  /** --dry-run: the changes as a unified diff (our generator), or what the scaffolder would be run with. */
  diff?: string;
}

export interface ScaffoldOptions {
  dryRun?: boolean;
  /** Keep the files after a failed step, for inspection. */
  keep?: boolean;
  /** Budget of each step that runs Python (seconds). */
  timeoutSeconds: number;
  /** Use the project's scaffolder when it has a safe one (default true). */
  useScaffolder?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Called after each step passed; a throw there fails that step (tests inject failures here). */
  afterStep?: (step: ScaffoldStepName) => void | Promise<void>;
}

class StepFailed extends Error {
  override name = 'StepFailed';
}

function errorsOf(findings: Finding[]): number {
  return findings.filter((finding) => finding.severity === 'error').length;
}

function findingsLine(findings: Finding[]): string {
  const errors = errorsOf(findings);
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  return findings.length === 0 ? 'no findings' : `${errors} error(s), ${warnings} warning(s)`;
}

/** The parts of a project a module's scaffolding may touch: the app package, the versions folders, the root's own files. */
function snapshotScopes(project: Project, pkg: string): { path: string; recursive: boolean }[] {
  return [{ path: pkg, recursive: true }, ...project.versionDirs.map((dir) => ({ path: relativePath(project.root, dir), recursive: true })), { path: '', recursive: false }];
}

/** The environment the scaffolder runs in: no bytecode, and every database variable on a file of its own, so even a scaffolder that migrates touches nothing of yours. */
function guardedEnv(project: Project, guardDir: string): Record<string, string> {
  const url = `sqlite+aiosqlite:///${join(guardDir, 'guard.db')}`;
  const variables = [...new Set(['SQLALCHEMY_DATABASE_URI', ...project.databaseVariables])];
  return { PYTHONDONTWRITEBYTECODE: '1', ...Object.fromEntries(variables.map((name) => [name, url])) };
}

/** After stk's scaffolder: what it did not wire (an anchor line it did not find), wired at places found by parsing. */
async function completeWiring(bp: BlueprintProject, names: ModuleNames, page: string | null, notes: string[]): Promise<void> {
  const blueprint = bp.api.app.blueprints.find((item) => item.kind === 'blueprint' && item.file.startsWith(`${names.folder}/`));
  const changes: FileChange[] = [];
  if (blueprint && !blueprint.registered && bp.registration) {
    const source = readFileSync(join(bp.project.root, bp.registration.file), 'utf8');
    const module = blueprint.file.replace(/\.py$/, '').replace(/^src\//, '').split('/').join('.');
    changes.push({ path: join(bp.project.root, bp.registration.file), before: source, after: await registrationChange(source, bp.registration, module, blueprint.variable, bp.pkg) });
    notes.push(`the scaffolder did not register ${blueprint.variable}; registered it in ${bp.registration.file}`);
  }
  const linked = (to: string | null) => to !== null && page !== null && routeShape(to.replace(/\/?$/, '/')) === routeShape(page.replace(/\/?$/, '/'));
  if (page && bp.navigation && !bp.navigation.entries.some((entry) => linked(entry.to))) {
    const edit = await navigationEdit(bp.navigation, { title: navigationTitle(names.api.plural), icon: 'ti ti-list', to: page });
    changes.push({ path: join(bp.project.root, bp.navigation.file), before: bp.navigation.source, after: applyEdits(bp.navigation.source, [edit]) });
    notes.push(`the scaffolder added no sidebar entry for ${page}; added one to ${bp.navigation.file}`);
  }
  const { leftover } = writeAllOrNothing(changes);
  if (leftover) notes.push(leftoverNote(leftover, bp.project.root));
}

/** The model and page of the new module, as the files now on disk declare them. */
function moduleModelAndPage(api: ApiProject, names: ModuleNames): { model: string | null; page: string | null } {
  const model = api.models.find((item) => item.file.startsWith(`${names.folder}/`))?.name ?? null;
  const routes = api.app.routes.filter((route) => route.file.startsWith(`${names.folder}/`) && route.methods.includes('GET') && route.path && !route.path.includes('<') && !route.path.startsWith('/api/'));
  const conventional = names.api.routes.find((route) => route.kind === 'page')!.rule;
  const page = routes.find((route) => route.path === conventional)?.path ?? routes[0]?.path ?? null;
  return { model, page };
}

class ScaffoldRun {
  readonly report: ScaffoldReport;
  private project: Project;

  constructor(
    project: Project,
    private readonly bp: BlueprintProject,
    private readonly names: ModuleNames,
    private readonly options: ScaffoldOptions,
  ) {
    this.project = project;
    this.report = { name: names.name, status: 'done', refused: null, via: null, command: null, files: [], migration: null, model: null, page: null, steps: [], restored: null, notes: [] };
  }

  private async step(name: ScaffoldStepName, work: () => Promise<Omit<ScaffoldStep, 'step'>>): Promise<void> {
    let result: Omit<ScaffoldStep, 'step'>;
    try {
      result = await work();
      if (result.status !== 'failed') await this.options.afterStep?.(name);
    } catch (error) {
      result = { status: 'failed', summary: (error as Error).message.split('\n')[0] ?? 'failed', findings: [] };
    }
    this.report.steps.push({ step: name, ...result });
    if (result.status === 'failed') throw new StepFailed(name);
  }

  private get timeoutMs(): number {
    return this.options.timeoutSeconds * 1000;
  }

  async writeModule(scaffolder: Scaffolder | undefined, snapshot: TreeSnapshot): Promise<void> {
    const { names, bp } = this;
    await this.step('files', async () => {
      let usedScaffolder = false;
      if (scaffolder) {
        const python = await resolvePython(this.project.root, this.project.runner, this.project.config);
        const argv = scaffolderArgv(this.project, python, scaffolder, names.name);
        this.report.command = argv;
        const guard = mkdtempSync(join(tmpdir(), 'stk-migrate-scaffold-guard-'));
        try {
          const run = await runTool(argv, this.project.root, this.timeoutMs, guardedEnv(this.project, guard));
          if (run.exitCode === 0) usedScaffolder = true;
          else {
            // stk's scaffolder stops half-way when an anchor line moved: undo what it wrote and write the module ourselves
            restoreTree(snapshot);
            this.report.notes.push(`${scaffolder.command} ${names.name} failed (${run.failure ?? `exit ${run.exitCode}`}: ${lastLines(run.output, 1).join('')}); what it wrote was undone and our generator wrote the module`);
          }
        } finally {
          rmSync(guard, { recursive: true, force: true });
        }
      }
      if (usedScaffolder) {
        this.report.via = 'scaffolder';
        this.project = await discoverProject({ project: this.project.root, config: this.project.alembicIni, name: this.project.alembicSection, env: this.options.env });
        const after = await loadBlueprintProject(this.project);
        const { page } = moduleModelAndPage(after.api, names);
        await completeWiring(after, names, page, this.report.notes);
      } else {
        this.report.via = 'generator';
        const plan = await planModule(bp, names);
        this.report.notes.push(...plan.notes);
        try {
          const { leftover } = writeAllOrNothing(plan.files.map((file) => ({ path: join(this.project.root, file.path), before: file.before, after: file.after })));
          if (leftover) this.report.notes.push(leftoverNote(leftover, this.project.root));
        } catch (error) {
          if (error instanceof ConcurrentEdit) throw new UsageError(error.message);
          throw error;
        }
      }
      const changes = changesSince(snapshot);
      this.report.files = [...changes.created.map((path) => ({ path, change: 'created' as const })), ...changes.modified.map((path) => ({ path, change: 'patched' as const }))];
      if (!changes.created.some((path) => path.startsWith(`${names.folder}/`))) return { status: 'failed', summary: `nothing was written under ${names.folder}/`, findings: [] };
      this.project = await discoverProject({ project: this.project.root, config: this.project.alembicIni, name: this.project.alembicSection, env: this.options.env });
      const api = await loadApiProject(this.project);
      Object.assign(this.report, moduleModelAndPage(api, names));
      const created = changes.created.length;
      return { status: 'passed', summary: `${created} file${created === 1 ? '' : 's'} created, ${changes.modified.length} patched${usedScaffolder ? ` by ${scaffolder!.command}` : ''}`, findings: [] };
    });
  }

  async migrate(): Promise<void> {
    await this.step('migration', async () => {
      const created = await createRevision(this.project, { message: `add ${this.names.name}`, empty: false, keepEmpty: true, throwaway: true, timeoutMs: this.timeoutMs });
      this.report.migration = created.file;
      if (created.noChanges) {
        return { status: 'failed', summary: `autogenerate found no change: the module's models are not imported where env.py's target_metadata sees them (stk-migrate blueprint-check ${this.names.name} says where)`, findings: [] };
      }
      return { status: 'passed', summary: `${created.file} (revision ${created.revision}, autogenerated against a throwaway database at head; your database was not read)`, findings: [] };
    });
    await this.step('validate', async () => {
      const { findings } = await validateMigrations(this.project, { files: [join(this.project.root, this.report.migration!)], squawk: false });
      return { status: errorsOf(findings) > 0 ? 'failed' : 'passed', summary: findingsLine(findings), findings };
    });
  }

  private moduleFiles(): string[] {
    return this.report.files.map((file) => file.path).filter((path) => path.startsWith(`${this.names.folder}/`) && path.endsWith('.py'));
  }

  async review(): Promise<void> {
    const templates = this.report.files.map((file) => file.path).filter((path) => path.endsWith('.html') && path.includes('/templates/'));
    await this.step('lint', async () => {
      const targets = [...this.moduleFiles(), ...templates];
      const { findings } = await lintProject(this.project, { files: targets.map((file) => join(this.project.root, file)) });
      return { status: errorsOf(findings) > 0 ? 'failed' : 'passed', summary: `${findingsLine(findings)} in ${targets.length} files`, findings };
    });
    await this.step('api-check', async () => {
      const { findings, targets } = await checkApi(this.project, { files: this.moduleFiles().map((file) => join(this.project.root, file)) });
      return { status: errorsOf(findings) > 0 ? 'failed' : 'passed', summary: `${findingsLine(findings)} in ${targets.length} files`, findings };
    });
  }

  async prove(): Promise<void> {
    await this.step('roundtrip', async () => {
      const migration = this.report.migration!;
      const header = await parseMigrationHeader(readFileSync(join(this.project.root, migration), 'utf8'), migration);
      const report = await withThrowawaySession(this.project, { command: 'scaffold', withData: false, timeoutSeconds: this.options.timeoutSeconds }, (session) =>
        runRoundtrip(session, { revision: header.revision ?? undefined, all: false, withData: false, sampleRows: 3 }),
      );
      return { status: report.summary.errors > 0 ? 'failed' : 'passed', summary: report.summary.errors > 0 ? findingsLine(report.findings) : 'upgrade, downgrade and upgrade again on a throwaway database with sample rows: schema and data intact', findings: report.findings };
    });
    const api = await loadApiProject(this.project);
    const model = this.report.model ? findModel(api, this.report.model) : undefined;
    await this.step('api-smoke', async () => {
      if (!model) return { status: 'skipped', summary: `no model found under ${this.names.folder}/`, findings: [] };
      const report = await runSmoke(api, model, { timeoutSeconds: this.options.timeoutSeconds });
      const passed = report.steps.filter((step) => step.ok && !step.skipped).map((step) => step.step);
      const skipped = report.steps.filter((step) => step.skipped).map((step) => step.step);
      // Name what ran: a fixed list would claim the skipped steps passed too.
      const ran = `${passed.length} steps passed (${passed.join(', ')})${skipped.length > 0 ? `; skipped: ${skipped.join(', ')}` : ''}`;
      return { status: report.summary.errors > 0 ? 'failed' : 'passed', summary: report.summary.errors > 0 ? `${report.steps.filter((step) => !step.ok).map((step) => step.step).join(', ')} failed` : ran, findings: report.findings };
    });
    await this.step('page-check', async () => {
      if (!this.report.page) return { status: 'skipped', summary: `no page route found under ${this.names.folder}/`, findings: [] };
      const report = await runPageCheck(api, { path: this.report.page, model: model?.name, timeoutSeconds: this.options.timeoutSeconds, env: this.options.env });
      if (report.skipped && report.summary.errors === 0) return { status: 'skipped', summary: `not checked in a browser: ${report.skipped}`, findings: [] };
      const facts = report.skipped ?? `${report.path}: HTTP ${report.status}, ${report.consoleErrors.length} console errors, Vue app ${report.mounted ? 'mounted' : 'not mounted'}${report.row ? `, ${report.row.shown ? 'the new row listed' : 'the new row not listed'}` : ''}; screenshot ${report.screenshot}`;
      return { status: report.summary.errors > 0 ? 'failed' : 'passed', summary: facts, findings: report.findings };
    });
  }
}

/**
 * Scaffolds a feature module: validates the name, writes the module (stk's scaffolder without migrating, else our
 * generator), creates its migration on a throwaway database, then validate, lint, api-check, roundtrip, api-smoke and
 * page-check. All or nothing: when a step fails, every file created or patched is put back and the migration
 * removed, unless `keep`.
 */
export async function scaffold(project: Project, name: string, options: ScaffoldOptions): Promise<ScaffoldReport> {
  const bp = await loadBlueprintProject(project);
  const verdict = checkName(bp, name);
  const empty: ScaffoldReport = { name, status: 'refused', refused: null, via: null, command: null, files: [], migration: null, model: null, page: null, steps: [], restored: null, notes: [] };
  if (verdict.refusal) return { ...empty, refused: `${verdict.refusal}; nothing was changed` };
  const names = verdict.names!;
  const notes: string[] = [];
  let scaffolder = options.useScaffolder === false ? undefined : bp.scaffolder;
  if (scaffolder && !scaffolderIsSafe(scaffolder)) {
    notes.push(`${scaffolder.command} (${scaffolder.file}:${scaffolder.line}) applies migrations and has no flag to stop it, so the module was written by our generator instead`);
    scaffolder = undefined;
  }
  if (options.dryRun) {
    if (scaffolder) {
      const python = await resolvePython(project.root, project.runner, project.config);
      const command = scaffolderArgv(project, python, scaffolder, name);
      return { ...empty, status: 'dry-run', via: 'scaffolder', command, notes, diff: '' };
    }
    const plan = await planModule(bp, names);
    const diff = plan.files.map((file) => createTwoFilesPatch(file.before === null ? '/dev/null' : `a/${file.path}`, `b/${file.path}`, file.before ?? '', file.after, '', '', { context: 3 })).join('');
    return {
      ...empty,
      status: 'dry-run',
      via: 'generator',
      files: plan.files.map((file) => ({ path: file.path, change: file.before === null ? 'created' : 'patched' })),
      model: plan.model,
      page: plan.page,
      notes: [...notes, ...plan.notes],
      diff,
    };
  }
  const snapshot = snapshotTree(project.root, snapshotScopes(project, bp.pkg));
  const run = new ScaffoldRun(project, bp, names, options);
  run.report.notes.push(...notes);
  const restore = () => {
    if (options.keep) return false;
    restoreTree(snapshot);
    return true;
  };
  // Ctrl-C or a kill: put the files back at once (synchronously); the throwaway session's own handler, when one is
  // running, removes its database and exits.
  const onSignal = (signal: NodeJS.Signals) => {
    writeOutput(2, `stk-migrate scaffold: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}; ${restore() ? 'every file is put back as it was' : 'the files are kept (--keep)'}\n`);
    if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await run.writeModule(scaffolder, snapshot);
    await run.migrate();
    await run.review();
    await run.prove();
    return run.report;
  } catch (error) {
    run.report.status = 'failed';
    run.report.restored = restore();
    if (!(error instanceof StepFailed)) {
      const message = (error as Error).message.split('\n')[0];
      throw new Error(`${message}; ${run.report.restored ? 'every file created or patched was put back' : 'the files are kept (--keep)'}`);
    }
    return run.report;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
