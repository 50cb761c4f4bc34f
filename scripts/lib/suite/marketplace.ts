import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';
import { UsageError } from '../cli/command.js';
import { MARKETPLACE_NAME } from './skills.js';

/** Where a teammate's Claude Code fetches the marketplace from: the `source` of an `extraKnownMarketplaces` entry. */
export const MarketplaceSourceSchema = z.union([
  z.object({ source: z.literal('github'), repo: z.string(), ref: z.string().optional() }),
  z.object({ source: z.literal('git'), url: z.string(), ref: z.string().optional() }),
  z.object({ source: z.literal('url'), url: z.string() }),
  z.object({ source: z.literal('directory'), path: z.string() }),
]);
export type MarketplaceSource = z.infer<typeof MarketplaceSourceSchema>;

export interface ResolvedMarketplace {
  source: MarketplaceSource;
  /** Why this source: given, kept from the project, or where this plugin came from. */
  from: string;
}

const GIT_PREFIXES = ['https://', 'http://', 'ssh://', 'git://', 'git@', 'file://'];

/** The text a user would pass to --marketplace for `source`. */
export function describeSource(source: MarketplaceSource): string {
  switch (source.source) {
    case 'github':
      return `github:${source.repo}${source.ref ? `#${source.ref}` : ''}`;
    case 'git':
      return `${source.url}${source.ref ? `#${source.ref}` : ''}`;
    case 'url':
      return source.url;
    case 'directory':
      return source.path;
  }
}

function isMarketplaceDir(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, '.claude-plugin', 'marketplace.json'), 'utf8')) as { name?: unknown };
    return manifest.name === MARKETPLACE_NAME;
  } catch {
    return false;
  }
}

/**
 * `--marketplace <value>`: a folder holding this marketplace (kept relative to the project root, which is
 * how Claude Code resolves a relative `directory` source, so no machine's path lands in a committed file),
 * `owner/repo` on GitHub, a git URL (`#ref` picks a branch or tag), or an https URL of a marketplace.json.
 */
export function parseMarketplace(value: string, root: string, cwd = process.cwd()): MarketplaceSource {
  const local = resolve(cwd, value);
  if (existsSync(local)) {
    if (!isMarketplaceDir(local)) throw new UsageError(`--marketplace ${value}: no .claude-plugin/marketplace.json named '${MARKETPLACE_NAME}' in that folder`);
    const path = relative(root, local).split(sep).join('/');
    return { source: 'directory', path: path === '' ? '.' : isAbsolute(path) ? local : path };
  }
  const [location = '', ref] = value.split('#', 2);
  if ((location.startsWith('https://') || location.startsWith('http://')) && location.endsWith('.json')) return { source: 'url', url: location };
  if (GIT_PREFIXES.some((prefix) => location.startsWith(prefix)) || location.endsWith('.git')) return { source: 'git', url: location, ...(ref ? { ref } : {}) };
  const parts = location.split('/');
  if (parts.length === 2 && parts.every((part) => part !== '' && [...part].every((char) => /[\w.-]/.test(char)))) return { source: 'github', repo: location, ...(ref ? { ref } : {}) };
  throw new UsageError(`--marketplace ${value}: not a folder, a git URL, owner/repo, or an https URL of a marketplace.json`);
}

/** The source the user's Claude Code registered for this marketplace, when a teammate could use it too (not a local path). */
function registeredSource(env: NodeJS.ProcessEnv): MarketplaceSource | undefined {
  const configDir = env.CLAUDE_CONFIG_DIR ?? join(env.HOME ?? homedir(), '.claude');
  try {
    const known = JSON.parse(readFileSync(join(configDir, 'plugins', 'known_marketplaces.json'), 'utf8')) as Record<string, { source?: unknown }>;
    const parsed = MarketplaceSourceSchema.safeParse(known[MARKETPLACE_NAME]?.source);
    return parsed.success && parsed.data.source !== 'directory' ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The `origin` remote of the git checkout `dir` belongs to. */
async function originUrl(dir: string): Promise<string | undefined> {
  const result = await execa('git', ['-C', dir, 'remote', 'get-url', 'origin'], { reject: false, timeout: 5000, stdin: 'ignore' });
  return result.exitCode === 0 && result.stdout.trim() !== '' ? result.stdout.trim() : undefined;
}

/** Where teammates can fetch the plugin, known without asking: this user's shareable install source, else the checkout's origin. */
export async function knownMarketplace(pluginRoot: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedMarketplace | undefined> {
  const registered = registeredSource(env);
  if (registered) return { source: registered, from: "where this user's Claude Code installed it from" };
  const origin = pluginRoot ? await originUrl(pluginRoot) : undefined;
  return origin ? { source: { source: 'git', url: origin }, from: 'the origin of the checkout this command runs from' } : undefined;
}

/**
 * The marketplace source to declare, in order: `--marketplace`; the one the project already declares
 * (a re-run keeps it); the one this user's Claude Code installed the plugin from, when it is shareable;
 * the `origin` of the checkout this command runs from. Otherwise the user must say.
 */
export async function resolveMarketplace(options: {
  given: string | undefined;
  declared: unknown;
  root: string;
  pluginRoot: string | undefined;
  env?: NodeJS.ProcessEnv;
}): Promise<ResolvedMarketplace> {
  if (options.given !== undefined) return { source: parseMarketplace(options.given, options.root), from: '--marketplace' };
  const declared = MarketplaceSourceSchema.safeParse((options.declared as { source?: unknown } | undefined)?.source);
  if (declared.success) return { source: declared.data, from: 'already declared in .claude/settings.json' };
  const known = await knownMarketplace(options.pluginRoot, options.env);
  if (known) return known;
  throw new UsageError(
    `no marketplace to declare: pass --marketplace <git URL, owner/repo, or a folder> (the plugin was not installed from a shareable marketplace, and ${options.pluginRoot ?? 'this command'} is not a git checkout with an origin)`,
  );
}
