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
