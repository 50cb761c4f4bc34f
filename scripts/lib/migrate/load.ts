import { join } from 'node:path';
import type { Project } from '../discover/types.js';
import { isRevisionName, relativePath } from '../discover/files.js';
import { readBytes, readFolderEntries } from '../cli/errors.js';
import type { Operation } from './ops/types.js';
import type { MigrationHeader } from './header.js';
import type { PythonFile } from '../parse/python.js';
import type { SyntaxProblem } from '../parse/source.js';
import { BlobStore, ParseCache, sha1 } from '../cache/parse-cache.js';
import type { MigrationFacts } from './rules/context.js';

/**
 * Revision files as Alembic finds them: `*.py` in each versions folder, and in its subfolders too with
 * `recursive_version_locations` (`__pycache__` aside), sorted by path. A folder that cannot be read is an
 * error naming it.
 */
export function migrationFiles(project: Project): string[] {
  const files = new Set<string>();
  const walk = (dir: string) => {
    const prefix = relativePath(project.root, dir);
    for (const entry of readFolderEntries(dir)) {
      const name = entry.name;
      if (entry.isDirectory()) {
        if (project.recursiveVersions && name !== '__pycache__' && !name.startsWith('.')) walk(join(dir, name));
      // a FIFO or a device named *.py would hang the read (Alembic's too): only files and links are revisions
      } else if (isRevisionName(name) && (entry.isFile() || entry.isSymbolicLink())) files.add(prefix ? `${prefix}/${name}` : name);
    }
  };
  for (const dir of project.versionDirs) walk(dir);
  return [...files].sort();
}

/** One migration file in the index: its header as the graph reads it, and the operation-limit problem its operations add. */
type IndexEntry = MigrationHeader & { overLimit?: SyntaxProblem };

/** The facts cache's kind: bump the suffix when what `migrationFacts` returns changes shape. */
const factsKind = 'migration-facts-2';

/** A migration file's facts as the rules read them, from its tree (header as the loader read it). */
async function factsOf(parsed: PythonFile, file: string, header: MigrationHeader): Promise<MigrationFacts> {
  const { migrationFacts } = await import('./rules/context.js');
  return migrationFacts({ file, root: parsed.root, header, walkable: parsed.walkable });
}

/**
 * Every migration file of the project, read once per run: its header from the index (one cache file, one
 * read, an entry per file keyed by the hash of its bytes, so every file is read and hashed but only the
 * changed ones are parsed), and on demand its facts (operations, names, suppressions: one small cache file
 * per file version, so the rules run on an unchanged file without parsing it).
 */
export class MigrationIndex {
  readonly files: string[];
  /** Headers as the graph of `context` reads them, in file order. */
  readonly headers: MigrationHeader[] = [];
  private readonly hashes = new Map<string, string>();
  private readonly limits = new Map<string, SyntaxProblem>();
  private readonly facts: BlobStore<MigrationFacts>;
  private readonly cache: ParseCache<IndexEntry>;
  private readonly known = new Map<string, MigrationFacts>();

  private constructor(
    private readonly project: Project,
    /** Trees the caller parsed already (files it is about to check), so that no file is parsed twice. */
    private readonly parsed: ReadonlyMap<string, PythonFile>,
  ) {
    this.files = migrationFiles(project);
    this.cache = new ParseCache<IndexEntry>(project.root, 'migrations');
    this.facts = new BlobStore<MigrationFacts>(project.root, factsKind, Math.max(400, this.files.length * 3));
  }

  /** Reads the index; `withFacts` also keeps the facts of every file it parses (what validate will ask for next). */
  static async load(project: Project, options: { withFacts?: boolean; parsed?: ReadonlyMap<string, PythonFile> } = {}): Promise<MigrationIndex> {
    const index = new MigrationIndex(project, options.parsed ?? new Map());
    for (const file of index.files) {
      const { data, hash } = await index.cache.lookup(file, join(project.root, file), (bytes, hash) => index.parse(file, bytes, hash, options.withFacts === true));
      index.hashes.set(file, hash);
      const { overLimit, ...header } = data;
      if (overLimit) index.limits.set(file, overLimit);
      index.headers.push(header);
    }
    index.cache.save(index.files);
    return index;
  }

  private async parse(file: string, bytes: Buffer, hash: string, withFacts: boolean): Promise<IndexEntry> {
    const [{ parsePythonFile }, { readMigrationHeader }, { operationLimitProblem }] = await Promise.all([import('../parse/python.js'), import('./header.js'), import('./operations.js')]);
    const given = this.parsed.get(file);
    const own = given ? undefined : await parsePythonFile(bytes);
    const source = given ?? own!;
    try {
      const header = readMigrationHeader(source, file);
      const overLimit = source.walkable && header.problem?.kind !== 'limit' ? operationLimitProblem(source.root) : undefined;
      if (withFacts) this.remember(file, hash, await factsOf(source, file, header));
      return overLimit ? { ...header, overLimit } : header;
    } finally {
      own?.delete();
    }
  }

  private remember(file: string, hash: string, facts: MigrationFacts): void {
    this.known.set(file, facts);
    this.facts.write(BlobStore.key(file, hash), facts);
  }

  /** The hash of the file's bytes as this run read them. */
  hashOf(file: string): string | undefined {
    return this.hashes.get(file);
  }

  /** The header as validate's graph reads it: with the operation-limit problem its operations add. */
  checkedHeader(header: MigrationHeader): MigrationHeader {
    const over = this.limits.get(header.file);
    return over && !header.problem ? { ...header, problem: over } : header;
  }

  /** The facts of an indexed file, for the bytes this run hashed: from the cache, else parsed (and kept). */
  async factsOf(file: string): Promise<MigrationFacts> {
    const known = this.known.get(file);
    if (known) return known;
    const hash = this.hashes.get(file);
    if (hash === undefined) throw new Error(`${file} is not a migration of this project`);
    const cached = this.facts.read(BlobStore.key(file, hash));
    if (cached) {
      this.known.set(file, cached);
      return cached;
    }
    const { parsePythonFile } = await import('../parse/python.js');
    const { readMigrationHeader } = await import('./header.js');
    const given = this.parsed.get(file);
    const bytes = given ? undefined : readBytes(join(this.project.root, file));
    // the file changed since it was hashed: its facts would not match its header, so this run keeps to what it hashed
    if (bytes && sha1(bytes) !== hash) throw new Error(`${file} changed while it was being checked; run the check again`);
    const own = given ? undefined : await parsePythonFile(bytes!);
    const source = given ?? own!;
    try {
      const facts = await factsOf(source, file, readMigrationHeader(source, file));
      this.remember(file, hash, facts);
      return facts;
    } finally {
      own?.delete();
    }
  }
}

export async function loadMigrationHeaders(project: Project): Promise<MigrationHeader[]> {
  return (await MigrationIndex.load(project)).headers;
}

export interface LoadedMigration {
  header: MigrationHeader;
  /** The operations of `upgrade()`, for replaying the schema the history produces. */
  upgradeOps: Operation[];
}

/**
 * Headers and upgrade operations of every migration, parsed once per file version (cached). `parsed` holds
 * files the caller already parsed, so a changed file is not parsed twice.
 */
export async function loadMigrations(project: Project, parsed: ReadonlyMap<string, PythonFile> = new Map()): Promise<LoadedMigration[]> {
  const index = await MigrationIndex.load(project, { withFacts: true, parsed });
  const loaded: LoadedMigration[] = [];
  for (const file of index.files) {
    const facts = await index.factsOf(file);
    loaded.push({ header: facts.header, upgradeOps: facts.upgrade.ops });
  }
  return loaded;
}

/** Throws, in one line naming the file, when Alembic could not load the project's history (before a throwaway database is made for nothing). */
export async function assertHistoryLoads(project: Project): Promise<void> {
  const { refuseUnloadableHistory, revisionGraph } = await import('./graph.js');
  refuseUnloadableHistory(revisionGraph(await loadMigrationHeaders(project)));
}
