import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { applyEdits, modify, parse, printParseErrorCode, type FormattingOptions, type ParseError } from 'jsonc-parser';
import { UsageError } from '../cli/command.js';

/** The project's shared Claude Code settings (committed; `.claude/settings.local.json` is the personal one). */
export const SETTINGS_FILE = '.claude/settings.json';

export interface Settings {
  /** The file as it is; undefined when there is none. */
  text: string | undefined;
  value: Record<string, unknown>;
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** `CommaExpected` -> `comma expected`. */
function describeError(error: ParseError): string {
  return printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/**
 * The project's settings. Claude Code 2.1.197 ignores a settings file with comments or trailing commas,
 * so this reads strict JSON too, and refuses anything else with the place of the first error.
 */
export function readSettings(root: string): Settings {
  let text: string | undefined;
  try {
    text = readFileSync(join(root, SETTINGS_FILE), 'utf8');
  } catch {
    return { text: undefined, value: {} };
  }
  if (text.trim() === '') return { text, value: {} };
  const errors: ParseError[] = [];
  const value = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false }) as unknown;
  const first = errors[0];
  if (first) {
    const { line, column } = position(text, first.offset);
    throw new UsageError(`${SETTINGS_FILE}:${line}:${column}: not valid JSON (${describeError(first)}), which Claude Code ignores too; fix it, then run install again (nothing was changed)`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${SETTINGS_FILE}: expected a JSON object at the top, found ${Array.isArray(value) ? 'an array' : typeof value}; fix it, then run install again (nothing was changed)`);
  }
  return { text, value: value as Record<string, unknown> };
}

/** The file's own indentation and line ends, so an edit changes only the lines it must. */
function formatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = text.split(/\r?\n/).find((line) => line.startsWith(' ') || line.startsWith('\t'));
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  const width = indented ? indented.length - indented.trimStart().length : 2;
  return { insertSpaces: true, tabSize: width, eol };
}

export interface SettingsEdit {
  path: string[];
  /** undefined removes the key. */
  value: unknown;
}

function valueAt(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * The settings text after `edits`, each made only where the value differs, every other key and the file's
 * formatting kept. `changed` names the keys that changed.
 */
export function editSettings(settings: Settings, edits: SettingsEdit[]): { text: string; changed: string[] } {
  const original = settings.text === undefined || settings.text.trim() === '' ? '{}\n' : settings.text;
  let text = original;
  const changed: string[] = [];
  for (const edit of edits) {
    const current = valueAt(parse(text), edit.path);
    if (isDeepStrictEqual(current, edit.value)) continue;
    for (let depth = 1; depth < edit.path.length; depth++) {
      const parent = valueAt(parse(text), edit.path.slice(0, depth));
      if (parent !== undefined && (typeof parent !== 'object' || parent === null || Array.isArray(parent))) {
        throw new UsageError(`${SETTINGS_FILE}: ${edit.path.slice(0, depth).join('.')} should be an object, not ${JSON.stringify(parent)}; fix it, then run install again (nothing was changed)`);
      }
    }
    text = applyEdits(text, modify(text, edit.path, edit.value, { formattingOptions: formatting(original) }));
    changed.push(edit.path.join('.'));
  }
  const eol = formatting(original).eol ?? '\n';
  if (!text.endsWith(eol)) text += eol;
  return { text, changed };
}
