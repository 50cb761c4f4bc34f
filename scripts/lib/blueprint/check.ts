import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { pluralize } from '../api/names.js';
import type { AppBlueprint } from '../app/model.js';
import { lintProject } from '../dev/lint.js';
import type { Finding } from '../findings/schema.js';
import { parsePython } from '../parse/python.js';
import { runRules } from '../rules/engine.js';
import { ruleConfigOf } from '../rules/project-config.js';
import { readSuppressions } from '../rules/suppression.js';
import { allRuleIds } from '../suite/catalogues.js';
import { PythonFailure } from '../throwaway/helper.js';
import { withThrowawaySession } from '../throwaway/session.js';
import type { BlueprintProject } from './project.js';
import { rules } from './rules/catalogue.js';
import type { BlueprintRuleContext, ModulePage } from './rules/types.js';
import { renderedTemplates } from './templates.js';

export interface BlueprintCheckOptions {
  /** A blueprint (name or variable) or module folder name; all the app's blueprints when absent. */
  name?: string;
  /** Skip running env.py (the metadata check then says it cannot verify). */
  noPython?: boolean;
  timeoutSeconds: number;
}

export interface BlueprintCheckResult {
  /** The blueprints checked: `name (file)`. */
  targets: string[];
  findings: Finding[];
}

const MetadataSchema = z.object({ tables: z.array(z.string()) });

/** The tables env.py's target_metadata holds, found by running env.py (on a throwaway database) as autogenerate does. */
async function metadataTables(bp: BlueprintProject, timeoutSeconds: number): Promise<BlueprintRuleContext['metadata']> {
  try {
    return await withThrowawaySession(bp.project, { command: 'blueprint-check', withData: false, timeoutSeconds }, async (session) => {
      await session.current();
      const { tables } = await session.helper.request('metadata', {}, MetadataSchema);
      return { tables: new Set(tables) };
    });
  } catch (error) {
    return { unknown: error instanceof PythonFailure ? `env.py failed: ${error.detail.message}` : (error as Error).message.split('\n')[0] ?? 'env.py could not be run' };
  }
}

/** Finds the blueprints `name` designates: by blueprint name, variable, or the module folder's name. */
export function selectBlueprints(bp: BlueprintProject, name: string | undefined): AppBlueprint[] {
  const blueprints = bp.api.app.blueprints.filter((item) => item.kind === 'blueprint');
  if (!name) return blueprints;
  return blueprints.filter((item) => item.name === name || item.variable === name || dirname(item.file).split('/').pop() === name);
}

/**
 * The wiring catalogue on each selected blueprint's module, plus the lint template rules on the templates its pages
 * render: registered once, a unique name and prefix, models in env.py's metadata, tables migrated, sidebar entries
 * that open real routes, templates that exist and pass lint.
 */
export async function checkBlueprints(bp: BlueprintProject, options: BlueprintCheckOptions): Promise<BlueprintCheckResult> {
  const selected = selectBlueprints(bp, options.name);
  const config = await ruleConfigOf(bp.project);
  const metadata: BlueprintRuleContext['metadata'] = options.noPython ? { unknown: 'not run (--no-python)' } : await metadataTables(bp, options.timeoutSeconds);
  const { app } = bp.api;
  const pageRoutes = app.routes.filter((route) => selected.some((blueprint) => blueprint.id === route.blueprint) && route.methods.includes('GET'));
  const rendered = await renderedTemplates(bp.project, pageRoutes);
  const known = await allRuleIds();
  const findings: Finding[] = [];
  const templates = new Set<string>();
  for (const blueprint of selected) {
    const folder = dirname(blueprint.file);
    const pages: ModulePage[] = pageRoutes.filter((route) => route.blueprint === blueprint.id).flatMap((route) => ((rendered.get(route) ?? []).length > 0 ? [{ route, templates: rendered.get(route)! }] : []));
    for (const page of pages) for (const template of page.templates) if (template.exists) templates.add(template.file);
    const base = folder.split('/').pop() ?? '';
    const tree = await parsePython(readFileSync(join(bp.project.root, blueprint.file), 'utf8'));
    const context: BlueprintRuleContext = {
      file: blueprint.file,
      suppressions: readSuppressions(tree.rootNode, known),
      blueprint,
      folder,
      names: [...new Set([base, pluralize(base), ...(blueprint.name ? [blueprint.name, pluralize(blueprint.name)] : [])])],
      models: bp.api.models.filter((model) => dirname(model.file) === folder),
      pages,
      app,
      registration: bp.registration,
      navigation: bp.navigation,
      metadata,
      migratedTables: bp.migratedTables,
    };
    tree.delete();
    findings.push(...runRules(context, rules, config));
  }
  if (templates.size > 0) findings.push(...(await lintProject(bp.project, { files: [...templates].map((file) => join(bp.project.root, file)) })).findings);
  return { targets: selected.map((blueprint) => `${blueprint.name ?? blueprint.variable} (${blueprint.file})`), findings };
}
