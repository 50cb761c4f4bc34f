import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { execa } from 'execa';
import { UsageError } from '../cli/command.js';
import { locateProject } from '../discover/project.js';
import { applyAtomically, STAGING_PREFIX, type FileOp } from '../edit/atomic.js';
import { MANIFEST_FILE, readManifest, RUNTIME_DIR, sha256, VENDOR_DIR, type Manifest } from './manifest.js';
import { listedInManifest } from './vendor-paths.js';
import { describeSource, resolveMarketplace, type ResolvedMarketplace } from './marketplace.js';
import { isSkillName, PROJECT_SKILLS_DIR, readProjectSkills, skillRoots } from './project-skills.js';
import { findShadows } from './shadow.js';
import { editSettings, readSettings, SETTINGS_FILE, type Settings, type SettingsEdit } from './settings.js';
import { MARKETPLACE_NAME, PLUGIN_NAME } from './skills.js';

export type InstallMode = 'plugin' | 'vendor';

export interface InstallOptions {
  /** Where to start looking for the project (default: the current directory), at, above or below it. */
  project?: string;
  /** `--config`: the project's alembic.ini, as for every command. */
  config?: string;
  mode: InstallMode;
  /** `--marketplace`: the source teammates fetch the plugin from (plugin mode). */
  marketplace?: string;
  /** Replace or remove files of a previous vendored install that were edited since. */
  force?: boolean;
  dryRun?: boolean;
  /** The plugin whose skills, runtime and hooks a vendored install copies (default: the one this code belongs to). */
  pluginRoot?: string;
  env?: NodeJS.ProcessEnv;
  /** Test seam: runs before each step of the swap; a throw there is a failure midway. */
  beforeStep?: (step: number, op: FileOp) => void;
}

export interface Change {
  action: 'create' | 'update' | 'delete';
  /** Relative to the project root, forward slashes. */
  path: string;
  why: string;
}

export interface InstallResult {
  mode: InstallMode;
  /** The folder whose `.claude/` the install edits (paths in `changes` are relative to it). */
  project: string;
  /** The stk project's root, when it is not that folder (a monorepo's service, say). */
  stkProject?: string;
  dryRun: boolean;
  marketplace: (ResolvedMarketplace & { text: string }) | null;
  changes: Change[];
  notes: string[];
  /** Set when the install is complete but its staging folder could not be removed: what is left, why, and how to remove it. */
  leftover?: string;
}

const PLUGIN_ID = `${PLUGIN_NAME}@${MARKETPLACE_NAME}`;
const PLUGIN_ROOT_VAR = '${CLAUDE_PLUGIN_ROOT}';
/** Claude Code sets it for every project hook; hooks run from whatever folder the session is in. */
const PROJECT_DIR_VAR = '$CLAUDE_PROJECT_DIR';

/** The plugin this code belongs to: the nearest folder above it with `.claude-plugin/plugin.json` (the repository, or an installed copy). */
export function ownPluginRoot(): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.claude-plugin', 'plugin.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

const slash = (path: string) => path.split(sep).join('/');

/** Every file under `dir` (symbolic links as files, never followed), relative with forward slashes, sorted. */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(slash(relative(dir, path)));
    }
  };
  walk(dir);
  return found.sort();
}

interface HookCommand {
  type: string;
  command?: string;
  [key: string]: unknown;
}
interface HookGroup {
  matcher?: string;
  hooks: HookCommand[];
  [key: string]: unknown;
}
type Hooks = Record<string, HookGroup[]>;

/** The plugin's hooks.json with its commands pointed at the vendored runtime: the hooks a vendored install adds to the settings. */
function vendoredHooks(pluginRoot: string): Hooks {
  const file = join(pluginRoot, 'hooks', 'hooks.json');
  const { hooks } = JSON.parse(readFileSync(file, 'utf8')) as { hooks: Hooks };
  const from = `${PLUGIN_ROOT_VAR}/dist/`;
  const to = `${PROJECT_DIR_VAR}/${RUNTIME_DIR}/`;
  return Object.fromEntries(
    Object.entries(hooks).map(([event, groups]) => [
      event,
      groups.map((group) => ({
        ...group,
        hooks: group.hooks.map((hook) => {
          const command = hook.command?.replaceAll(from, to);
          if (command?.includes(PLUGIN_ROOT_VAR)) throw new Error(`${slash(relative(pluginRoot, file))}: a ${event} hook refers to ${PLUGIN_ROOT_VAR} outside dist/, which a vendored install does not copy`);
          return command === undefined ? hook : { ...hook, command };
        }),
      })),
    ]),
  );
}

/** The commands a vendored install of this version adds; with the previous manifest's, what counts as ours in the settings. */
function commandsOf(hooks: Hooks): string[] {
  return Object.values(hooks).flatMap((groups) => groups.flatMap((group) => group.hooks.flatMap((hook) => (hook.command ? [hook.command] : []))));
}

/**
 * The default vendored hook commands, known without the plugin at hand (plugin mode removes them even
 * without a manifest): today's, and the one of versions whose hook was `hook.mjs`.
 */
const DEFAULT_VENDORED_COMMANDS = ['hook.cjs', 'hook.mjs'].map((file) => `node "${PROJECT_DIR_VAR}/${RUNTIME_DIR}/${file}"`);

/**
 * Edits to `hooks` that take our commands (`ours`) out of every group (a group left empty goes) and add
 * `wanted`; an event whose groups with our commands already are exactly `wanted` stays as it is, and so
 * does every hook of anyone else.
 */
function mergeHooks(current: unknown, wanted: Hooks, ours: Set<string>): SettingsEdit[] {
  if (current !== undefined && (typeof current !== 'object' || current === null || Array.isArray(current))) {
    throw new UsageError(`${SETTINGS_FILE}: hooks should be an object; fix it, then run install again (nothing was changed)`);
  }
  const existing = (current ?? {}) as Record<string, unknown>;
  const isOurs = (hook: unknown) => typeof (hook as HookCommand)?.command === 'string' && ours.has((hook as HookCommand).command!);
  const hasOurs = (group: unknown) => Array.isArray((group as HookGroup)?.hooks) && (group as HookGroup).hooks.some(isOurs);
  const next: Record<string, unknown> = { ...existing };
  for (const event of new Set([...Object.keys(existing), ...Object.keys(wanted)])) {
    const groups = existing[event] ?? [];
    if (!Array.isArray(groups)) throw new UsageError(`${SETTINGS_FILE}: hooks.${event} should be a list; fix it, then run install again (nothing was changed)`);
    const want = wanted[event] ?? [];
    if (isDeepStrictEqual(groups.filter(hasOurs), want)) continue;
    const others = groups.flatMap((group: HookGroup) => {
      if (!hasOurs(group)) return [group];
      const kept = group.hooks.filter((hook) => !isOurs(hook));
      return kept.length > 0 ? [{ ...group, hooks: kept }] : [];
    });
    next[event] = [...others, ...want];
    if ((next[event] as unknown[]).length === 0) delete next[event];
  }
  if (isDeepStrictEqual(next, existing)) return [];
  // Hooks that held only ours go with them, rather than leave "hooks": {} behind.
  if (Object.keys(next).length === 0) return [{ path: ['hooks'], value: undefined }];
  return Object.keys({ ...existing, ...next })
    .filter((event) => !isDeepStrictEqual(next[event], existing[event]))
    .map((event) => ({ path: ['hooks', event], value: next[event] }));
}

/** One planned install: the operations to apply and the changes they make, file by file. */
interface Plan {
  ops: FileOp[];
  changes: Change[];
  notes: string[];
  marketplace: ResolvedMarketplace | null;
}

function readManifestOrFail(root: string): Manifest | undefined {
  const read = readManifest(root);
  if (read.kind === 'invalid') throw new UsageError(`${MANIFEST_FILE}: ${read.reason}; it lists what a vendored install wrote, so install cannot tell its files from yours. Restore it from version control, then run install again (nothing was changed)`);
  return read.kind === 'ok' ? read.manifest : undefined;
}

/** Files of the previous vendored install that were edited since (their hash differs from the manifest's). */
function editedSince(root: string, manifest: Manifest | undefined, paths: string[]): string[] {
  if (!manifest) return [];
  return paths.filter((path) => {
    const recorded = manifest.files[path];
    if (recorded === undefined) return false;
    try {
      return sha256(readFileSync(join(root, path))) !== recorded;
    } catch {
      return false;
    }
  });
}

/**
 * The folders of `.claude/skills/` that are vendored copies of our skills not written by us (old copies), with
 * every file in them: in `root` and in the folders below it (`inner`) whose skills the session sees too.
 */
async function oldCopies(root: string, manifest: Manifest | undefined, inner: string[]): Promise<{ folder: string; name: string; files: string[] }[]> {
  const copies: { folder: string; name: string; files: string[] }[] = [];
  for (const dir of [...inner, root]) {
    const owned = dir === root ? new Set(Object.keys(manifest?.files ?? {})) : listedInManifest(dir);
    for (const { folder, name } of await readProjectSkills(dir)) {
      const own = `${PROJECT_SKILLS_DIR}/${folder}`;
      if (!isSkillName(name) || owned.has(`${own}/SKILL.md`)) continue;
      const path = slash(relative(root, join(dir, own)));
      const full = join(root, path);
      const files = lstatSync(full).isSymbolicLink() ? [''] : filesUnder(full);
      copies.push({ folder: path, name, files: files.map((file) => (file === '' ? path : `${path}/${file}`)) });
    }
  }
  return copies;
}

/**
 * The folder whose `.claude/` Claude Code reads for this checkout, which the install edits: the one whose
 * skills take our names (the notice looks from the stk project up to the repository's top, as Claude Code
 * does); else the outermost of those folders that has a `.claude/` (a monorepo's top, where sessions start);
 * else the stk project's root.
 */
async function installFolder(projectRoot: string): Promise<string> {
  const roots = skillRoots(projectRoot);
  const withCopies = new Set((await findShadows(projectRoot)).filter((shadow) => shadow.kind === 'copy').map((shadow) => dirname(dirname(dirname(resolve(projectRoot, shadow.folder))))));
  const outermost = (found: string[]) => found.at(-1);
  return outermost(roots.filter((dir) => withCopies.has(dir))) ?? outermost(roots.filter((dir) => existsSync(join(dir, '.claude')))) ?? projectRoot;
}

/** The files a vendored install writes: each skill folder of the plugin, SKILL.md pointed at the shared runtime, and the runtime. */
export function vendoredFiles(pluginRoot: string): Map<string, VendoredFile> {
  const dist = join(pluginRoot, 'dist');
  for (const entry of ['cli.cjs', 'hook.cjs']) {
    if (!existsSync(join(dist, entry))) throw new UsageError(`${slash(join(dist, entry))} is missing: build the plugin first (npm run build), then run install --vendor again`);
  }
  const files = new Map<string, VendoredFile>();
  const skillsDir = join(pluginRoot, 'skills');
  const skillFolders = readdirSync(skillsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory() && existsSync(join(skillsDir, entry.name, 'SKILL.md')));
  for (const { name } of skillFolders) {
    const target = `${PROJECT_SKILLS_DIR}/${name}`;
    for (const file of filesUnder(join(skillsDir, name))) {
      const source = join(skillsDir, name, file);
      const mode = statSync(source).mode & 0o777;
      files.set(`${target}/${file}`, { content: file === 'SKILL.md' ? vendoredSkill(readFileSync(source, 'utf8'), name) : readFileSync(source), mode });
    }
  }
  for (const file of filesUnder(dist)) files.set(`${RUNTIME_DIR}/${file}`, { content: readFileSync(join(dist, file)), mode: statSync(join(dist, file)).mode & 0o777 });
  files.set(`${VENDOR_DIR}/README.md`, { content: vendorReadme(pluginVersion(pluginRoot)), mode: 0o644 });
  return files;
}

/** For the teammate who finds the folder in a commit. */
function vendorReadme(version: string): string {
  return [
    `# ${PLUGIN_NAME} ${version}, vendored`,
    '',
    `Written by \`stk-migrate install --vendor\`: \`runtime/\` is what the skills in \`${PROJECT_SKILLS_DIR}/stk-*\``,
    'and the hooks in `.claude/settings.json` run, with `node` alone; `manifest.json` lists every file the',
    'install wrote, so that a later install updates or removes exactly those. Do not edit them: run',
    '`install --vendor` again to update, or `install` to switch to the plugin (which removes them).',
    '',
  ].join('\n');
}

/**
 * A plugin SKILL.md as a vendored one: `${CLAUDE_PLUGIN_ROOT}` does not exist there, so the runtime is
 * reached from the skill's own folder (`${CLAUDE_SKILL_DIR}/../../stk-skills/runtime/`), never by an absolute path.
 */
export function vendoredSkill(text: string, skill: string): string {
  const skillDir = `${PROJECT_SKILLS_DIR}/${skill}`;
  const runtime = posix.relative(skillDir, RUNTIME_DIR);
  const rewritten = text
    .replaceAll(`${PLUGIN_ROOT_VAR}/dist/`, `\${CLAUDE_SKILL_DIR}/${runtime}/`)
    .replaceAll(`${PLUGIN_ROOT_VAR}/skills/${skill}/`, '${CLAUDE_SKILL_DIR}/')
    .replaceAll(`${PLUGIN_ROOT_VAR}/skills/`, '${CLAUDE_SKILL_DIR}/../');
  if (rewritten.includes(PLUGIN_ROOT_VAR)) throw new Error(`skills/${skill}/SKILL.md refers to ${PLUGIN_ROOT_VAR} outside dist/ and skills/, which a vendored install does not copy`);
  return rewritten;
}

function manifestText(manifest: Manifest): string {
  const sorted = { ...manifest, files: Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), hookCommands: [...manifest.hookCommands].sort() };
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

function pluginVersion(pluginRoot: string): string {
  return (JSON.parse(readFileSync(join(pluginRoot, '.claude-plugin', 'plugin.json'), 'utf8')) as { version: string }).version;
}

function sameContent(path: string, content: string | Uint8Array): boolean {
  try {
    return Buffer.compare(readFileSync(path), Buffer.from(content)) === 0;
  } catch {
    return false;
  }
}

function refuseEdited(edited: string[]): void {
  if (edited.length === 0) return;
  throw new UsageError(
    `${edited[0]}${edited.length > 1 ? ` and ${edited.length - 1} more file(s)` : ''} changed since install wrote ${edited.length > 1 ? 'them' : 'it'}; keep a copy of your edits, then run install again with --force to replace ${edited.length > 1 ? 'them' : 'it'} (nothing was changed)`,
  );
}

type VendoredFile = { content: Uint8Array | string; mode: number };

/** What the project should hold after the install: our files (vendored mode), our hooks, the plugin's settings entries. */
interface Target {
  files: Map<string, VendoredFile>;
  hooks: Hooks;
  settingsEdits: SettingsEdit[];
  marketplace: ResolvedMarketplace | null;
  manifest: Manifest | undefined;
}

async function targetOf(root: string, settings: Settings, options: InstallOptions): Promise<Target> {
  const pluginRoot = options.pluginRoot ?? ownPluginRoot();
  if (options.mode === 'vendor') {
    if (!pluginRoot || !existsSync(join(pluginRoot, 'skills'))) throw new UsageError('install --vendor copies the skills of the stk-skills plugin: run it from the plugin or a checkout of it');
    const files = vendoredFiles(pluginRoot);
    const hooks = vendoredHooks(pluginRoot);
    return {
      files,
      hooks,
      // The plugin and a vendored copy of it at once would run every hook twice.
      settingsEdits: [
        { path: ['enabledPlugins', PLUGIN_ID], value: undefined },
        { path: ['extraKnownMarketplaces', MARKETPLACE_NAME], value: undefined },
      ],
      marketplace: null,
      manifest: { plugin: PLUGIN_NAME, version: pluginVersion(pluginRoot), files: Object.fromEntries([...files].map(([path, file]) => [path, sha256(file.content)])), hookCommands: commandsOf(hooks) },
    };
  }
  const marketplace = await resolveMarketplace({
    given: options.marketplace,
    declared: (settings.value.extraKnownMarketplaces as Record<string, unknown> | undefined)?.[MARKETPLACE_NAME],
    root,
    pluginRoot,
    env: options.env,
  });
  return {
    files: new Map(),
    hooks: {},
    settingsEdits: [
      { path: ['extraKnownMarketplaces', MARKETPLACE_NAME], value: { source: marketplace.source } },
      { path: ['enabledPlugins', PLUGIN_ID], value: true },
    ],
    marketplace,
    manifest: undefined,
  };
}

/** Old copies go whole, in both modes: each takes the name of one of ours. Returns their folders. */
function planOldCopies(plan: Plan, copies: Awaited<ReturnType<typeof oldCopies>>): string[] {
  for (const copy of copies) {
    plan.ops.push({ kind: 'delete', path: copy.folder });
    for (const file of copy.files) plan.changes.push({ action: 'delete', path: file, why: `old copy of ${copy.name}, which takes /${copy.name} from ours` });
  }
  return copies.map((copy) => `${copy.folder}/`);
}

/** Files of the previous vendored install are replaced or removed only when nobody edited them since; nothing else is written over. */
function planFiles(plan: Plan, root: string, previousManifest: Manifest | undefined, target: Target, removedFolders: string[], options: InstallOptions): void {
  const previous = Object.keys(previousManifest?.files ?? {});
  const stale = previous.filter((path) => !target.files.has(path));
  const replaced = [...target.files].filter(([path, file]) => previous.includes(path) && !sameContent(join(root, path), file.content)).map(([path]) => path);
  if (!options.force) refuseEdited(editedSince(root, previousManifest, [...stale, ...replaced]));

  for (const path of stale) {
    if (!existsSync(join(root, path))) continue;
    plan.ops.push({ kind: 'delete', path });
    plan.changes.push({ action: 'delete', path, why: options.mode === 'vendor' ? 'no longer part of the vendored skills' : 'vendored copy, replaced by the plugin' });
  }
  for (const [path, file] of target.files) {
    const full = join(root, path);
    const inRemovedFolder = removedFolders.some((folder) => path.startsWith(folder));
    const present = !inRemovedFolder && lstatSync(full, { throwIfNoEntry: false }) !== undefined;
    if (present && !previous.includes(path)) {
      throw new UsageError(`${path} exists and install did not write it (it is not in ${MANIFEST_FILE}, nor an old copy of one of our skills); move it aside, then run install --vendor again (nothing was changed)`);
    }
    if (present && sameContent(full, file.content)) continue;
    plan.ops.push({ kind: 'write', path, content: file.content, mode: file.mode });
    plan.changes.push({ action: present ? 'update' : 'create', path, why: path.startsWith(`${PROJECT_SKILLS_DIR}/`) ? 'vendored skill' : 'shared runtime of the vendored skills' });
  }
  // A folder named like one of ours that holds no skill of ours would mix its files with the vendored skill's.
  const skillFolders = new Set([...target.files.keys()].filter((path) => path.startsWith(`${PROJECT_SKILLS_DIR}/`)).map((path) => path.split('/').slice(0, 3).join('/')));
  for (const folder of skillFolders) {
    if (!removedFolders.includes(`${folder}/`) && existsSync(join(root, folder)) && !previous.includes(`${folder}/SKILL.md`) && !existsSync(join(root, folder, 'SKILL.md'))) {
      throw new UsageError(`${folder}/ exists and holds no skill install wrote; move it aside, then run install --vendor again (nothing was changed)`);
    }
  }
}

function planSettings(plan: Plan, settings: Settings, previousManifest: Manifest | undefined, target: Target, mode: InstallMode): void {
  const ourCommands = new Set([...DEFAULT_VENDORED_COMMANDS, ...(previousManifest?.hookCommands ?? []), ...commandsOf(target.hooks)]);
  const edited = editSettings(settings, [...target.settingsEdits, ...mergeHooks(settings.value.hooks, target.hooks, ourCommands)]);
  if (edited.changed.length === 0) return;
  plan.ops.push({ kind: 'write', path: SETTINGS_FILE, content: edited.text });
  plan.changes.push({ action: settings.text === undefined ? 'create' : 'update', path: SETTINGS_FILE, why: describeSettingsChange(mode, edited.changed, target.marketplace) });
}

async function planManifest(plan: Plan, root: string, previousManifest: Manifest | undefined, target: Target): Promise<void> {
  if (target.manifest) {
    const text = manifestText(target.manifest);
    if (!sameContent(join(root, MANIFEST_FILE), text)) {
      plan.ops.push({ kind: 'write', path: MANIFEST_FILE, content: text });
      plan.changes.push({ action: previousManifest ? 'update' : 'create', path: MANIFEST_FILE, why: 'what the vendored install wrote, so a later install can tell it from your files' });
    }
    plan.notes.push(...(await ignoredByGit(root, [...target.files.keys(), MANIFEST_FILE, SETTINGS_FILE])));
  } else if (existsSync(join(root, MANIFEST_FILE))) {
    plan.ops.push({ kind: 'delete', path: MANIFEST_FILE });
    plan.changes.push({ action: 'delete', path: MANIFEST_FILE, why: 'the vendored install it listed is gone' });
  }
}

/** Everything the install will do, read-only: refusals happen here, before a single file changes. */
async function planInstall(root: string, inner: string[], options: InstallOptions): Promise<Plan> {
  const settings = readSettings(root);
  const manifest = readManifestOrFail(root);
  const target = await targetOf(root, settings, options);
  const plan: Plan = { ops: [], changes: [], notes: [], marketplace: target.marketplace };
  const removedFolders = planOldCopies(plan, await oldCopies(root, manifest, inner));
  planFiles(plan, root, manifest, target, removedFolders, options);
  planSettings(plan, settings, manifest, target, options.mode);
  await planManifest(plan, root, manifest, target);
  return plan;
}

function describeSettingsChange(mode: InstallMode, changed: string[], marketplace: ResolvedMarketplace | null): string {
  const parts: string[] = [];
  if (changed.some((key) => key.startsWith('hooks'))) parts.push(mode === 'vendor' ? 'the edit and session-start hooks, run from the vendored runtime' : 'the vendored hooks removed (the plugin brings its own)');
  if (mode === 'plugin' && marketplace) parts.push(`the ${MARKETPLACE_NAME} marketplace (${describeSource(marketplace.source)}) and the ${PLUGIN_ID} plugin enabled`);
  if (mode === 'vendor' && changed.some((key) => !key.startsWith('hooks'))) parts.push(`the ${PLUGIN_ID} plugin entries removed (the vendored copy replaces them)`);
  return parts.join('; ');
}

/** A note when .gitignore would keep some of the written files out of the project's commits (a Python `dist/` or `*.mjs` pattern, say). */
async function ignoredByGit(root: string, paths: string[]): Promise<string[]> {
  const result = await execa('git', ['check-ignore', '--stdin'], { cwd: root, input: paths.join('\n'), reject: false, timeout: 10_000 });
  if (result.exitCode !== 0 || result.stdout.trim() === '') return [];
  const ignored = result.stdout.trim().split('\n');
  return [`.gitignore ignores ${ignored.length} of the vendored files (${ignored[0]}${ignored.length > 1 ? ', …' : ''}); commit them with \`git add -f ${VENDOR_DIR} ${PROJECT_SKILLS_DIR}\` or un-ignore them, or teammates get skills without their runtime`];
}

/** Staging folders of an earlier run that was killed mid-way (they hold the files it had replaced). */
function leftStaging(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, '.claude')).filter((name) => name.startsWith(STAGING_PREFIX));
  } catch {
    return [];
  }
  return names.map((name) => `.claude/${name}/ was left by an earlier install (killed midway, or unable to remove it); it holds the files that install had replaced: look, then remove it`);
}

/** Installs the suite into the project: plans everything first, then applies it all or nothing. */
export async function install(options: InstallOptions): Promise<InstallResult> {
  const { location } = await locateProject({ project: options.project, config: options.config, env: options.env });
  const root = await installFolder(location.root);
  const inner = skillRoots(location.root).filter((dir) => dir.length > root.length);
  const plan = await planInstall(root, inner, options);
  plan.notes.push(...leftStaging(root));
  // Removing old copies never takes a .claude/ or its skills/ folder with them, below the install folder either.
  const keepDirs = ['', ...inner.map((dir) => slash(relative(root, dir)))].flatMap((dir) => [posix.join(dir, '.claude'), posix.join(dir, PROJECT_SKILLS_DIR)]);
  const applied = options.dryRun ? {} : applyAtomically(root, plan.ops, { stagingIn: '.claude', keepDirs, beforeStep: options.beforeStep });
  return {
    mode: options.mode,
    project: root,
    ...(root === location.root ? {} : { stkProject: location.root }),
    dryRun: options.dryRun ?? false,
    marketplace: plan.marketplace ? { ...plan.marketplace, text: describeSource(plan.marketplace.source) } : null,
    changes: plan.changes,
    notes: plan.notes,
    ...(applied.leftover ? { leftover: `installed, but ${applied.leftover.folder} (the files it replaced) could not be removed (${applied.leftover.reason}): remove it with rm -rf ${applied.leftover.folder}` } : {}),
  };
}


/** What `install` prints: every file it changed (or would change), then what to do next. */
export function renderInstall(result: InstallResult): string {
  const forProject = result.stkProject ? ` (for the stk project in ${slash(relative(result.project, result.stkProject))}/)` : '';
  const lines = [`${PLUGIN_NAME} install (${result.mode === 'vendor' ? 'vendored' : 'plugin'} mode${result.dryRun ? ', dry run' : ''}) in ${result.project}${forProject}:`];
  const width = Math.max(...result.changes.map((change) => change.path.length), 0);
  for (const change of result.changes) lines.push(`  ${change.action.padEnd(6)}  ${change.path.padEnd(width)}  ${change.why}`);
  if (result.marketplace) lines.push(`marketplace: ${result.marketplace.text} (${result.marketplace.from})`);
  for (const note of result.notes) lines.push(`note: ${note}`);
  const count = `${result.changes.length} file${result.changes.length === 1 ? '' : 's'}`;
  if (result.changes.length === 0) lines.push(`Nothing to change: the project is up to date.`);
  else if (result.dryRun) lines.push(`Dry run: ${count} would change; nothing was written.`);
  else if (result.mode === 'plugin') lines.push(`${count} changed. Commit .claude/: a teammate's Claude Code registers the marketplace and offers the plugin once they trust the folder.`);
  else lines.push(`${count} changed. Commit .claude/: the skills, their runtime and hooks travel with the project; run install --vendor again after updating the plugin.`);
  if (result.leftover) lines.push(`warning: ${result.leftover}`);
  return `${lines.join('\n')}\n`;
}
