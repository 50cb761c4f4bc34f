import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { skillNames, type SkillName } from './skills.js';

/** Where Claude Code looks for a project's own skills, relative to the folder it runs in. */
export const PROJECT_SKILLS_DIR = '.claude/skills';

/** A folder of `.claude/skills/` that holds a SKILL.md. */
export interface ProjectSkill {
  /** The folder's name: Claude Code offers the skill as `/<folder>`. */
  folder: string;
  /** `name` from the SKILL.md front matter: Claude Code offers the skill under it too. Undefined when absent or unreadable. */
  name: string | undefined;
}

export function isSkillName(value: unknown): value is SkillName {
  return typeof value === 'string' && (skillNames as readonly string[]).includes(value);
}

/** The front-matter `name` of a SKILL.md, or undefined when the file has none or its front matter does not parse. */
export async function frontMatterName(text: string): Promise<string | undefined> {
  // Loaded only when there is a SKILL.md to read: the SessionStart hook of a project without one stays cheap.
  const { default: matter } = await import('gray-matter');
  try {
    const name = (matter(text).data as { name?: unknown }).name;
    return typeof name === 'string' ? name.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The skills in `<dir>/.claude/skills/`, by folder name; nothing when the folder does not exist. Never throws. */
export async function readProjectSkills(dir: string): Promise<ProjectSkill[]> {
  const skillsDir = join(dir, PROJECT_SKILLS_DIR);
  let folders: string[];
  try {
    folders = readdirSync(skillsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
  const skills: ProjectSkill[] = [];
  for (const folder of folders) {
    let text: string;
    try {
      text = readFileSync(join(skillsDir, folder, 'SKILL.md'), 'utf8');
    } catch {
      continue;
    }
    skills.push({ folder, name: await frontMatterName(text) });
  }
  return skills;
}

/**
 * The folders whose `.claude/skills/` Claude Code loads for a session started in `start`: `start` and
 * each parent up to the repository's top (the first folder with `.git`); only `start` outside a repository.
 */
export function skillRoots(start: string): string[] {
  const roots: string[] = [];
  for (let dir = start; ; dir = dirname(dir)) {
    roots.push(dir);
    if (existsSync(join(dir, '.git'))) return roots;
    if (dirname(dir) === dir) return [start];
  }
}
