/** A reader for the INI dialect Python's configparser writes and alembic.ini uses. */
export type IniSections = Map<string, Map<string, string>>;

export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trimEnd();
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(line) && current && lastKey !== undefined) {
      current.set(lastKey, `${current.get(lastKey) ?? ''}\n${trimmed}`);
      continue;
    }
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      const name = trimmed.slice(1, -1).trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      lastKey = undefined;
      continue;
    }
    const separator = [trimmed.indexOf('='), trimmed.indexOf(':')].filter((index) => index > 0).sort((a, b) => a - b)[0];
    if (separator === undefined || !current) continue;
    lastKey = trimmed.slice(0, separator).trim().toLowerCase();
    current.set(lastKey, trimmed.slice(separator + 1).trim());
  }
  return sections;
}

/**
 * Why Python's configparser (strict, as Alembic's Config uses it) refuses the text, with the 1-based line;
 * undefined when it reads it: a line before the first section header, a line in a section that is neither
 * `key = value` (or `key: value`), a continuation nor a comment, a section or a key given twice.
 */
export function iniProblem(text: string): { line: number; message: string } | undefined {
  const seenSections = new Set<string>();
  let keys: Set<string> | undefined;
  let valueOpen = false;
  const lines = text.split(/\r?\n/);
  for (const [index, rawLine] of lines.entries()) {
    const line = index === 0 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const number = index + 1;
    // a deeper-indented line goes on the value above it
    if (/^\s/.test(line) && valueOpen) continue;
    const header = trimmed.startsWith('[') ? trimmed.lastIndexOf(']') : -1;
    if (header > 1) {
      const name = trimmed.slice(1, header);
      if (seenSections.has(name)) return { line: number, message: `section [${name}] appears twice` };
      seenSections.add(name);
      keys = new Set();
      valueOpen = false;
      continue;
    }
    if (!keys) return { line: number, message: `"${trimmed}" comes before the first [section] header` };
    const separator = [trimmed.indexOf('='), trimmed.indexOf(':')].filter((at) => at >= 0).sort((a, b) => a - b)[0];
    const key = separator === undefined ? '' : trimmed.slice(0, separator).trim().toLowerCase();
    if (key === '') return { line: number, message: `"${trimmed}" is neither a [section], a key = value, nor a comment` };
    if (keys.has(key)) return { line: number, message: `the key ${key} appears twice in its section` };
    keys.add(key);
    valueOpen = true;
  }
  return undefined;
}

/** configparser's `%(name)s` interpolation, with `here` and the section's and DEFAULT's own keys; `%%` is a literal `%`. */
export function iniValue(sections: IniSections, section: string, key: string, vars: Record<string, string>): string | undefined {
  const own = sections.get(section);
  const defaults = sections.get('DEFAULT');
  const raw = own?.get(key) ?? defaults?.get(key);
  if (raw === undefined) return undefined;
  const lookup = (name: string, depth: number): string => {
    if (depth > 10) return '';
    const value = vars[name] ?? own?.get(name) ?? defaults?.get(name);
    return value === undefined ? `%(${name})s` : expand(value, depth + 1);
  };
  const expand = (value: string, depth: number): string =>
    value.replace(/%%|%\(([^)]+)\)s/g, (match, name: string | undefined) => (name === undefined ? '%' : lookup(name.toLowerCase(), depth)));
  return expand(raw, 0);
}
