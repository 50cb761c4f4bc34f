/**
 * The top-level SKILL.md is the one source. As a standalone skill (the repository copied into
 * `.claude/skills/stk-migrate/`) its folder is the repository root; the plugin's copy lives two levels
 * down, so its commands reach the bundles through the plugin root instead.
 */
export const STANDALONE_ROOT = '${CLAUDE_SKILL_DIR}';
export const PLUGIN_ROOT = '${CLAUDE_PLUGIN_ROOT}';

export function pluginSkill(source: string): string {
  const end = source.indexOf('\n---', 4);
  if (!source.startsWith('---\n') || end < 0) throw new Error('SKILL.md must start with front matter between --- lines');
  const body = source.slice(end + 4).replaceAll(STANDALONE_ROOT, PLUGIN_ROOT);
  // No generated-file banner: the model pays for every token of the skill. A test keeps the copies equal.
  return `${source.slice(0, end + 4)}${body}`;
}
