import { join } from 'node:path';
import { buildId } from '../cache/build-id.js';
import { BlobStore, fileVersion, ParseCache } from '../cache/parse-cache.js';
import { globFiles } from '../discover/files.js';
import { pythonFiles } from '../discover/packages.js';
import type { Project } from '../discover/types.js';
import type { ModelFileResult, ModelTable } from './parse.js';
import { collectTables, declaresModels, namingConventionOf, tablesOfMetadata } from './tables.js';

export interface LoadedModels {
  /** The files that declare tables, columns or a naming convention. */
  files: ModelFileResult[];
  tables: ModelTable[];
  /** The models' MetaData naming convention, when they declare one. */
  namingConvention: Record<string, string> | undefined;
}

/**
 * Bytes that every module declaring part of the schema contains: a table name, a `Table(`, a column, a
 * `@declared_attr`, a naming convention, or the `SQLAlchemy(` that binds Flask-SQLAlchemy's `db`. A module
 * without any is never parsed.
 */
const markers = ['__tablename__', '__table__', 'Table(', 'Column(', 'mapped_column(', 'Mapped[', 'declared_attr', 'naming_convention', 'SQLAlchemy('].map((marker) => Buffer.from(marker));

export function mayDeclareModels(bytes: Buffer): boolean {
  return markers.some((marker) => bytes.includes(marker));
}

/** `<feature>/models.py` or a module of a `models/` package: stk's and Flask's places for models. */
function namedAsModels(file: string): boolean {
  return file === 'models.py' || file.endsWith('/models.py') || file.startsWith('models/') || file.includes('/models/');
}

/** Files to look at: the config's globs, else every Python file of the application outside the Alembic environment. */
export function modelCandidates(project: Project): string[] {
  if (project.models.kind === 'config') return globFiles(project.root, project.models.globs);
  return [...pythonFiles(project.root, project.models.folders, [project.scriptLocation, ...project.versionDirs]), ...project.models.files];
}

/** The cache's kind: bump the suffix when the cached shape changes. */
const cacheKind = 'model-files-2';

async function readModels(project: Project, file: string, cache: ParseCache<ModelFileResult | null>): Promise<ModelFileResult | null> {
  const absolute = join(project.root, file);
  const configured = project.models.kind === 'config';
  return cache.get(file, absolute, async (bytes) => {
    // files named in the config, and modules named as models are (`models.py`, a `models/` package), are
    // read whatever they hold; other searched ones must look like a model file first
    if (!configured && !namedAsModels(file) && !mayDeclareModels(bytes)) return null;
    return (await import('./parse.js')).parseModelFile(bytes, file);
  });
}

/**
 * Whether a parsed candidate is one of the model files: named in the config, declaring part of the schema,
 * or looking like one (its bytes hold a marker) and unreadable to Python, which cannot tell what it declares.
 */
function listed(project: Project, result: ModelFileResult): boolean {
  return project.models.kind === 'config' || declaresModels(result) || (result.problem !== undefined && result.problem.kind !== 'unverified');
}

/** Every model file and table: a byte-level look at each candidate, tree-sitter for those that may declare models, cached per file version. */
export async function loadModels(project: Project): Promise<LoadedModels> {
  const cache = new ParseCache<ModelFileResult | null>(project.root, cacheKind);
  const candidates = modelCandidates(project);
  const parsed: ModelFileResult[] = [];
  for (const file of candidates) {
    const result = await readModels(project, file, cache);
    if (result) parsed.push(result);
  }
  cache.save(candidates);
  // every parsed module takes part in resolving inheritance; the files listed are those that declare part of the schema
  const files = parsed.filter((result) => listed(project, result));
  return { files, tables: tablesOfMetadata(collectTables(parsed), project.env.metadataOwners), namingConvention: namingConventionOf(parsed) };
}

/** What validate, context and the hook read of the models: the tables, the naming convention, and each model file's problem. */
export interface ModelSummary {
  files: Array<Pick<ModelFileResult, 'file' | 'problem'>>;
  tables: ModelTable[];
  namingConvention: Record<string, string> | undefined;
}

/**
 * What the model summary is computed from: every candidate's path and the hash of its bytes (by file
 * identity, see `fileVersion`), and how the project says where models are. Results derived from the
 * models (validate's kept findings) name it in their keys too.
 */
export function modelSummaryKey(project: Project): string {
  return BlobStore.key(JSON.stringify(project.models), JSON.stringify(project.env.metadataOwners ?? null), ...modelCandidates(project).map((file) => `${file}\0${fileVersion(project.root, join(project.root, file)).hash}`));
}

/**
 * `loadModels` without the per-file parse results, kept whole under a key made of the build, every candidate's
 * path and the hash of its bytes (and how the project says where models are; `modelSummaryKey`): an unchanged
 * set of files costs a stat each and one small cache file instead of the per-file cache and the resolution
 * of tables across files.
 */
export async function loadModelSummary(project: Project, key?: string): Promise<ModelSummary> {
  const store = new BlobStore<ModelSummary>(project.root, `model-summary-1-${cacheKind}`, 8);
  // the tables are resolved by the build's code, so a plugin update never serves those an older one resolved
  const stored = BlobStore.key('summary', buildId ?? '', key ?? (store.enabled ? modelSummaryKey(project) : ''));
  const cached = store.enabled ? store.read(stored) : undefined;
  if (cached) return cached;
  const models = await loadModels(project);
  const summary: ModelSummary = { files: models.files.map((file) => ({ file: file.file, problem: file.problem })), tables: models.tables, namingConvention: models.namingConvention };
  store.write(stored, summary);
  return summary;
}

/** The file (relative to the root) as read, when it is one of the project's model files: what the hook asks of every edited file. */
export async function modelFileOf(project: Project, file: string): Promise<ModelFileResult | undefined> {
  if (!file.endsWith('.py') || !modelCandidates(project).includes(file)) return undefined;
  const cache = new ParseCache<ModelFileResult | null>(project.root, cacheKind);
  const result = await readModels(project, file, cache);
  return result !== null && listed(project, result) ? result : undefined;
}
