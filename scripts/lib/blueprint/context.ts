import { checkName, reservedNames, type BlueprintProject, type NameVerdict } from './project.js';
import { scaffolderIsSafe } from './scaffolder.js';

/** What `/stk-blueprint <name>` loads: the `--format json` of blueprint-context. */
export interface BlueprintContext {
  package: string;
  blueprints: { name: string | null; variable: string; file: string; line: number; urlPrefix: string | null; registeredAt: string[]; routes: number }[];
  reserved: { names: readonly string[]; source: string };
  name: NameVerdict | null;
  scaffolder: {
    command: string;
    file: string;
    line: number;
    flags: string[];
    noMigrate: string | null;
    /** What `scaffold` does with it. */
    use: string;
  } | null;
  registration: { file: string; function: string | null; lines: number[] } | null;
  navigation: { file: string; variable: string; line: number; entries: { title: string | null; to: string | null }[] } | null;
}

export function buildBlueprintContext(bp: BlueprintProject, name: string | undefined): BlueprintContext {
  const { app } = bp.api;
  const scaffolder = bp.scaffolder;
  return {
    package: bp.pkg,
    blueprints: app.blueprints
      .filter((blueprint) => blueprint.kind === 'blueprint')
      .map((blueprint) => ({
        name: blueprint.name,
        variable: blueprint.variable,
        file: blueprint.file,
        line: blueprint.line,
        urlPrefix: blueprint.urlPrefix,
        registeredAt: blueprint.registrations.map((registration) => `${registration.file}:${registration.line}`),
        routes: app.routes.filter((route) => route.blueprint === blueprint.id).length,
      })),
    reserved: reservedNames(bp),
    name: name === undefined ? null : checkName(bp, name),
    scaffolder: scaffolder
      ? {
          command: scaffolder.command,
          file: scaffolder.file,
          line: scaffolder.line,
          flags: scaffolder.flags,
          noMigrate: scaffolder.noMigrate ?? null,
          use: scaffolderIsSafe(scaffolder)
            ? `scaffold runs \`${scaffolder.command} <name>${scaffolder.noMigrate ? ` ${scaffolder.noMigrate}` : ''}\`${scaffolder.noMigrate ? ' (so it applies no migration)' : ''}, then makes the migration itself on a throwaway database`
            : `it applies migrations and has no flag to stop it, so scaffold writes the module itself instead`,
        }
      : null,
    registration: bp.registration ? { file: bp.registration.file, function: bp.registration.function, lines: bp.registration.lines } : null,
    navigation: bp.navigation ? { file: bp.navigation.file, variable: bp.navigation.variable, line: bp.navigation.line, entries: bp.navigation.entries.map((entry) => ({ title: entry.title, to: entry.to })) } : null,
  };
}

function code(text: string): string {
  return `\`${text}\``;
}

/** The context as the skill shows it: short Markdown. */
export function renderBlueprintContextMarkdown(context: BlueprintContext): string {
  const lines: string[] = [];
  const verdict = context.name;
  if (verdict) {
    lines.push(`### Name ${code(verdict.name)}: ${verdict.refusal ? `cannot be used: ${verdict.refusal}` : 'valid and free'}`);
    if (verdict.names) {
      const n = verdict.names;
      lines.push(`- would create: ${code(`${n.folder}/`)} (model ${code(n.model)}, table ${code(n.table)}, blueprint ${code(n.blueprint)} as ${code(n.variable)}), page ${code(`GET ${n.api.routes.find((route) => route.kind === 'page')!.rule}`)}, template ${code(n.templateFile)}`);
      for (const check of verdict.checks.filter((item) => item.takenBy !== null)) lines.push(`- taken: ${check.what} ${code(check.value)}: ${check.takenBy}`);
      if (verdict.checks.every((item) => item.takenBy === null)) lines.push(`- free: module folder, blueprint name, model class, table, template and the ${verdict.checks.filter((item) => item.what === 'route').length} conventional routes`);
      if (/[^s]s$/.test(verdict.name)) lines.push(`- names are singular in stk: ${code(verdict.name)} gives the model ${code(n.model)} and the list ${code(n.api.routes[0]!.rule)}; did you mean ${code(verdict.name.slice(0, -1))}?`);
    }
  } else lines.push('### No name given: pass one, e.g. `/stk-blueprint invoice_line` (lowercase snake_case, singular)');
  lines.push('', `### Blueprints of \`${context.package}\``, '| blueprint | variable | declared | url_prefix | registered at | routes |', '| --- | --- | --- | --- | --- | --- |');
  for (const blueprint of context.blueprints) {
    lines.push(`| ${code(blueprint.name ?? '?')} | ${code(blueprint.variable)} | ${blueprint.file}:${blueprint.line} | ${blueprint.urlPrefix ? code(blueprint.urlPrefix) : '—'} | ${blueprint.registeredAt.join(', ') || '**not registered**'} | ${blueprint.routes} |`);
  }
  lines.push('', '### Wiring');
  lines.push(context.registration ? `- blueprints are registered in ${context.registration.function ? code(`${context.registration.function}()`) : 'module code'} of ${context.registration.file} (lines ${context.registration.lines.join(', ')})` : '- no blueprint registration found in the app: scaffold cannot register a new one');
  lines.push(
    context.navigation
      ? `- sidebar: ${code(context.navigation.variable)} in ${context.navigation.file}:${context.navigation.line} (${context.navigation.entries.map((entry) => entry.to ?? entry.title ?? '?').join(', ') || 'empty'})`
      : '- no navigation script found (a `navigation` array under the static folder): add the sidebar entry by hand',
  );
  if (context.scaffolder) {
    const s = context.scaffolder;
    lines.push(`- stk's scaffolder: ${code(`${s.command} <name>`)} (${s.file}:${s.line}), flags ${s.flags.map(code).join(', ') || 'none'}; ${s.use}`);
  } else lines.push("- no stk scaffolder in the project: scaffold writes the module itself in stk's conventions");
  lines.push(`- reserved names (${context.reserved.source === 'stk-blueprint' ? 'our list' : `from ${context.reserved.source}`}): ${context.reserved.names.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
