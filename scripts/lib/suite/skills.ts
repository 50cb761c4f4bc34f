/** The four skills of the suite, in the order `--help` and the README list them. */
export const skillNames = ['stk-migrate', 'stk-api', 'stk-blueprint', 'stk-dev'] as const;
export type SkillName = (typeof skillNames)[number];

/** Commands belong to a skill, or to the suite as a whole (installing it, the project's own checks). */
export type CommandGroup = SkillName | 'suite';

/** How `--help` titles each group. */
export const groupTitles: Record<CommandGroup, string> = {
  'stk-migrate': 'stk-migrate (Alembic migrations)',
  'stk-api': 'stk-api (CRUD endpoints for a model)',
  'stk-blueprint': 'stk-blueprint (new feature modules)',
  'stk-dev': 'stk-dev (stk conventions as checks)',
  suite: 'the whole suite',
};

/** The name under which the suite is a plugin (skills are addressed `stk-skills:<skill>`) and a marketplace. */
export const PLUGIN_NAME = 'stk-skills';
export const MARKETPLACE_NAME = 'stk-skills';
