import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { listedInManifest, RUNTIME_DIR } from './vendor-paths.js';
import { isSkillName, PROJECT_SKILLS_DIR, readProjectSkills, skillRoots } from './project-skills.js';
import { PLUGIN_NAME, type SkillName } from './skills.js';

/**
 * A project skill that takes the bare name of one of ours: Claude Code gives `/<name>` to the project's
 * skill, so ours answers only as `/stk-skills:<name>` (a vendored copy of ours, listed in the install
 * manifest, is ours and shadows nothing).
 */
export interface Shadow {
  /** Our skill whose name it takes. */
  skill: SkillName;
  /** Its folder, relative to the folder the session runs in. */
  folder: string;
  /**
   * `copy`: its front matter names one of our skills (an old vendored copy, which `install` removes);
   * `foreign`: another skill in a folder named like one of ours (which `install` leaves alone).
   */
  kind: 'copy' | 'foreign';
  /** The front-matter name. */
  name: string | undefined;
}

/** Project skills that take our names in a session started in `start`. Cheap: a directory listing and a few small reads. */
export async function findShadows(start: string): Promise<Shadow[]> {
  const found: Shadow[] = [];
  for (const root of skillRoots(start)) {
    const skills = await readProjectSkills(root);
    if (skills.length === 0) continue;
    const owned = listedInManifest(root);
    for (const { folder, name } of skills) {
      if (owned.has(`${PROJECT_SKILLS_DIR}/${folder}/SKILL.md`)) continue;
      const path = relative(start, join(root, PROJECT_SKILLS_DIR, folder)).split(sep).join('/');
      if (isSkillName(name)) found.push({ skill: name, folder: path, kind: 'copy', name });
      else if (isSkillName(folder)) found.push({ skill: folder, folder: path, kind: 'foreign', name });
    }
  }
  return found;
}

/** The bundled CLI this process belongs to (`dist/cli.cjs` beside `dist/hook.cjs`), when it runs from a bundle. */
export function runningCli(): string | undefined {
  const entry = process.argv[1];
  if (!entry || !['cli.cjs', 'hook.cjs'].includes(basename(entry))) return undefined;
  return join(dirname(entry), 'cli.cjs');
}

/** The command that installs the suite into the project at `start`, as the user would type it there. */
export function installCommand(start: string, cli = runningCli()): string {
  if (!cli) return 'stk-migrate install';
  const inside = relative(start, cli);
  const path = inside.startsWith('..') || isAbsolute(inside) ? cli : inside.split(sep).join('/');
  return `node ${JSON.stringify(path)} install`;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Whether plain `install` (plugin mode) from the plugin of `cli` finds a marketplace to declare without
 * `--marketplace`. Asked only when there is something to fix: it may run git.
 */
export async function knowsMarketplace(cli = runningCli()): Promise<boolean> {
  const { knownMarketplace } = await import('./marketplace.js');
  const pluginRoot = cli ? dirname(dirname(cli)) : undefined;
  return (await knownMarketplace(pluginRoot && existsSync(join(pluginRoot, '.claude-plugin', 'plugin.json')) ? pluginRoot : undefined)) !== undefined;
}

/** The install command(s) that fix old copies, each working as printed from the plugin of `cli`. */
function installFix(start: string, cli: string | undefined, marketplaceKnown: boolean): string {
  const command = installCommand(start, cli);
  const enables = '(it removes the old copies and enables the plugin in .claude/settings.json)';
  if (marketplaceKnown) return `run \`${command}\` in the project ${enables}`;
  const withMarketplace = `\`${command} --marketplace <git URL of the ${PLUGIN_NAME} repository>\``;
  // A vendored runtime carries no skills to vendor; a plugin or a checkout of it does.
  if (cli !== undefined && isVendoredRuntime(cli)) return `run ${withMarketplace} in the project ${enables}`;
  return `run \`${command} --vendor\` in the project (it replaces the old copies with ours, committed with the project), or ${withMarketplace} ${enables}`;
}

function isVendoredRuntime(cli: string): boolean {
  return dirname(cli).split(sep).join('/').endsWith(RUNTIME_DIR);
}

/** What is wrong and how to fix it, as two sentences (the SessionStart hook prints them on two lines, a context on one). */
export function describeShadows(shadows: Shadow[], start: string, cli = runningCli(), marketplaceKnown = true): [string, string] {
  const copies = shadows.filter((shadow) => shadow.kind === 'copy');
  const foreign = shadows.filter((shadow) => shadow.kind === 'foreign');
  const parts = [
    ...(copies.length > 0
      ? [`${list(copies.map((shadow) => `${shadow.folder}/`))} (${copies.length > 1 ? 'old copies' : 'an old copy'} of ${list(copies.map((shadow) => shadow.skill))})`]
      : []),
    ...foreign.map((shadow) => `${shadow.folder}/ (skill ${JSON.stringify(shadow.name ?? '?')})`),
  ];
  const commands = list([...new Set(shadows.map((shadow) => `/${shadow.skill}`))]);
  const vendored = cli !== undefined && isVendoredRuntime(cli);
  const problem = `${PLUGIN_NAME}: ${list(parts)} take${shadows.length > 1 ? '' : 's'} ${commands}, which then run${shadows.length > 1 ? '' : 's'} the project's skill instead of ours${vendored ? '' : ` (ours stay reachable as /${PLUGIN_NAME}:<name>)`}.`;
  const fixes = [
    ...(copies.length > 0 ? [installFix(start, cli, marketplaceKnown)] : []),
    ...(foreign.length > 0 ? [`rename ${list(foreign.map((shadow) => `${shadow.folder}/`))}, which install leaves alone`] : []),
  ];
  return [problem, `Fix: ${fixes.join('; ')}.`];
}

/** The warning for `shadows`, with the install command that works as printed (it asks about the marketplace only when there are old copies). */
export async function warnShadows(shadows: Shadow[], start: string): Promise<[string, string]> {
  const known = shadows.some((shadow) => shadow.kind === 'copy') ? await knowsMarketplace() : true;
  return describeShadows(shadows, start, runningCli(), known);
}

/**
 * One line for a skill's context when project skills take our names, else undefined. Every skill's
 * context command calls it with the project's root; it never throws.
 */
export async function shadowNotice(start: string): Promise<string | undefined> {
  try {
    const shadows = await findShadows(start);
    return shadows.length === 0 ? undefined : `⚠ ${(await warnShadows(shadows, start)).join(' ')}`;
  } catch {
    return undefined;
  }
}
