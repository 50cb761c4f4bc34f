import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { UsageError } from '../cli/command.js';
import type { ProjectConfig } from './config-schema.js';

export type { ProjectConfig };

/** Validation (and zod with it) loads only when a project has a config to validate. */
async function validateConfig(raw: unknown, where: string): Promise<ProjectConfig> {
  return (await import('./config-schema.js')).validateConfig(raw, where);
}

export interface ConfigSources {
  config: ProjectConfig;
  /** The parsed pyproject.toml, when there is one (discovery reads scripts and the project name from it). */
  pyproject: Record<string, unknown> | undefined;
}

/** Reads pyproject.toml and .stk-migrate.json; the JSON file wins key by key. */
export async function readConfig(root: string): Promise<ConfigSources> {
  let pyproject: Record<string, unknown> | undefined;
  let fromToml: ProjectConfig = {};
  const tomlPath = join(root, 'pyproject.toml');
  if (existsSync(tomlPath)) {
    try {
      pyproject = parseToml(readFileSync(tomlPath, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`pyproject.toml: ${(error as Error).message.split('\n')[0]}`);
    }
    const tool = (pyproject.tool as Record<string, unknown> | undefined)?.['stk-migrate'];
    if (tool !== undefined) fromToml = await validateConfig(tool, 'pyproject.toml [tool.stk-migrate]');
  }
  let fromJson: ProjectConfig = {};
  const jsonPath = join(root, '.stk-migrate.json');
  if (existsSync(jsonPath)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(jsonPath, 'utf8'));
    } catch (error) {
      throw new UsageError(`.stk-migrate.json: not valid JSON (${(error as Error).message.split('\n')[0]})`);
    }
    fromJson = await validateConfig(raw, '.stk-migrate.json');
  }
  return { config: { ...fromToml, ...fromJson }, pyproject };
}
