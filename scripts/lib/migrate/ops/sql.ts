/** What a literal SQL string passed to `op.execute` does, read from its tokens (SQL text, not Python). */
export interface SqlSummary {
  ddl: boolean;
  /** Tables named by DDL statements (`ALTER TABLE x`, `CREATE INDEX .. ON x`); null when a DDL statement names none we can read. */
  ddlTables: string[] | null;
  /** Whether a statement is an UPDATE or INSERT (a backfill). */
  writesRows: boolean;
  /** Tables those statements write (`UPDATE x`, `INSERT INTO x`); null when one of them names none we can read. */
  writtenTables: string[] | null;
  /**
   * Columns existing rows get new values in (`UPDATE x SET a = b`): empty when no statement updates rows, null
   * when one does in a way whose columns cannot be read.
   */
  sets: ColumnWrite[] | null;
}

/** One `SET column = value` of an UPDATE. */
export interface ColumnWrite {
  table: string;
  column: string;
  /** The column copied from when the value is a plain column (`SET new = old`), else null. */
  source: string | null;
}

interface Token {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'symbol';
  /** Words lower-cased; quoted identifiers without their quotes. */
  text: string;
}

const closing: Record<string, string> = { '"': '"', '`': '`', '[': ']' };

/** SQL split into words, quoted identifiers, strings, numbers and symbols; comments dropped; statements separated by `;` symbols. */
export function tokenizeSql(sql: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < sql.length) {
    const char = sql[at]!;
    const next = sql[at + 1];
    if (/\s/.test(char)) at += 1;
    else if (char === '-' && next === '-') at = sql.indexOf('\n', at) < 0 ? sql.length : sql.indexOf('\n', at);
    else if (char === '/' && next === '*') at = sql.indexOf('*/', at + 2) < 0 ? sql.length : sql.indexOf('*/', at + 2) + 2;
    else if (char === "'") {
      let end = at + 1;
      for (; end < sql.length; end += 1) {
        if (sql[end] === "'" && sql[end + 1] === "'") end += 1;
        else if (sql[end] === "'") break;
      }
      tokens.push({ kind: 'string', text: sql.slice(at + 1, end).replaceAll("''", "'") });
      at = end + 1;
    } else if (char === '$' && /^\$\w*\$/.test(sql.slice(at))) {
      const tag = /^\$\w*\$/.exec(sql.slice(at))![0];
      const end = sql.indexOf(tag, at + tag.length);
      tokens.push({ kind: 'string', text: sql.slice(at + tag.length, end < 0 ? sql.length : end) });
      at = end < 0 ? sql.length : end + tag.length;
    } else if (closing[char]) {
      const end = sql.indexOf(closing[char]!, at + 1);
      tokens.push({ kind: 'quoted', text: sql.slice(at + 1, end < 0 ? sql.length : end) });
      at = end < 0 ? sql.length : end + 1;
    } else if (/[A-Za-z_]/.test(char)) {
      const word = /^[A-Za-z_][\w$]*/.exec(sql.slice(at))![0];
      tokens.push({ kind: 'word', text: word.toLowerCase() });
      at += word.length;
    } else if (/[0-9]/.test(char)) {
      const number = /^[0-9.]+(?:e[+-]?[0-9]+)?/i.exec(sql.slice(at))![0];
      tokens.push({ kind: 'number', text: number });
      at += number.length;
    } else {
      tokens.push({ kind: 'symbol', text: char });
      at += 1;
    }
  }
  return tokens;
}

function statements(tokens: Token[]): Token[][] {
  const list: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'symbol' && token.text === ';') list.push([]);
    else list[list.length - 1]!.push(token);
  }
  return list.filter((statement) => statement.length > 0);
}

const ddlKeywords = new Set(['create', 'alter', 'drop', 'rename']);
const writeKeywords = new Set(['update', 'insert', 'merge', 'replace']);
const valueWords = new Set(['null', 'true', 'false', 'default', 'current_timestamp', 'current_date', 'current_time', 'localtimestamp', 'localtime']);

function isName(token: Token | undefined): boolean {
  return token !== undefined && (token.kind === 'word' || token.kind === 'quoted');
}

/** A possibly qualified name at `at` (`schema.table`, `"t"`): its last part and the index after it. */
function nameAt(tokens: Token[], at: number): { name: string; next: number } | undefined {
  if (!isName(tokens[at])) return undefined;
  let index = at;
  while (tokens[index + 1]?.text === '.' && isName(tokens[index + 2])) index += 2;
  return { name: tokens[index]!.text, next: index + 1 };
}

/** Skips the words in `optional` at `at`. */
function skip(tokens: Token[], at: number, optional: string[]): number {
  let index = at;
  while (tokens[index]?.kind === 'word' && optional.includes(tokens[index]!.text)) index += 1;
  return index;
}

/** `UPDATE [ONLY] t [[AS] alias] SET a = b, (c, d) = (...) [FROM ...] [WHERE ...]`: the columns written, or null. */
function updateSets(tokens: Token[], at: number): { table: string | undefined; sets: ColumnWrite[] | null } {
  const target = nameAt(tokens, skip(tokens, at + 1, ['only']));
  if (!target) return { table: undefined, sets: null };
  let index = target.next;
  if (tokens[index]?.text === 'as') index += 1;
  if (tokens[index]?.kind !== 'word' || tokens[index]?.text !== 'set') index += 1;
  if (tokens[index]?.text !== 'set') return { table: target.name, sets: null };
  const sets: ColumnWrite[] = [];
  let depth = 0;
  let current: Token[] = [];
  const flush = (): boolean => {
    const equals = current.findIndex((token) => token.text === '=');
    if (equals <= 0) return false;
    const left = current.slice(0, equals);
    const right = current.slice(equals + 1);
    const names = left.filter((token) => isName(token)).map((token) => token.text);
    const column = left[0]?.text === '(' ? names : [left.filter(isName).at(-1)?.text].filter((name): name is string => !!name);
    const plain = right.length > 0 && right.every((token) => isName(token) || token.text === '.') && isName(right.at(-1));
    const source = plain && !(right.length === 1 && valueWords.has(right[0]!.text)) ? right.at(-1)!.text : null;
    for (const name of column) sets.push({ table: target.name, column: name, source: left[0]?.text === '(' ? null : source });
    current = [];
    return column.length > 0;
  };
  for (index += 1; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.text === '(') depth += 1;
    if (token.text === ')') depth -= 1;
    if (depth === 0 && token.kind === 'word' && ['from', 'where', 'returning'].includes(token.text)) break;
    if (depth === 0 && token.text === ',') {
      if (!flush()) return { table: target.name, sets: null };
      continue;
    }
    current.push(token);
  }
  return flush() ? { table: target.name, sets } : { table: target.name, sets: null };
}

/** The table a DDL statement names: `CREATE/ALTER/DROP TABLE x`, `CREATE INDEX .. ON x`. */
function ddlTable(tokens: Token[]): string | undefined {
  const keyword = tokens[0]?.text;
  let index = skip(tokens, 1, ['temporary', 'temp', 'unlogged', 'unique']);
  if ((keyword === 'create' || keyword === 'alter' || keyword === 'drop') && tokens[index]?.text === 'table') {
    index = skip(tokens, index + 1, ['if', 'not', 'exists', 'only']);
    return nameAt(tokens, index)?.name;
  }
  if (keyword === 'create' && tokens[index]?.text === 'index') {
    const on = tokens.findIndex((token, position) => position > index && token.kind === 'word' && token.text === 'on');
    return on < 0 ? undefined : nameAt(tokens, skip(tokens, on + 1, ['only']))?.name;
  }
  return undefined;
}

export function summarizeSql(sql: string): SqlSummary {
  let ddl = false;
  let writesRows = false;
  let tables: string[] | null = [];
  let written: string[] | null = [];
  let sets: ColumnWrite[] | null = [];
  for (const statement of statements(tokenizeSql(sql))) {
    const keyword = statement[0]?.kind === 'word' ? statement[0].text : '';
    const writeAt = keyword === 'with' ? statement.findIndex((token) => token.kind === 'word' && (token.text === 'update' || token.text === 'insert')) : writeKeywords.has(keyword) ? 0 : -1;
    if (writeAt >= 0) {
      writesRows = true;
      const verb = statement[writeAt]!.text;
      if (verb === 'update') {
        const update = updateSets(statement, writeAt);
        if (update.table && written) written.push(update.table);
        else written = null;
        sets = sets && update.sets ? [...sets, ...update.sets] : null;
      } else {
        const into = skip(statement, writeAt + 1, ['or', 'ignore', 'replace', 'abort', 'rollback', 'fail', 'into']);
        const target = nameAt(statement, into);
        if (target && written) written.push(target.name);
        else written = null;
        // an upsert updates existing rows in ways not followed here; a plain INSERT fills none
        if (verb !== 'insert' || statement.some((token) => token.kind === 'word' && token.text === 'conflict')) sets = null;
      }
    }
    if (!ddlKeywords.has(keyword)) continue;
    ddl = true;
    const table = ddlTable(statement);
    if (table && tables) tables.push(table);
    else tables = null;
  }
  return { ddl, ddlTables: ddl ? tables : [], writesRows, writtenTables: written, sets };
}
