/** What a literal SQL string passed to `op.execute` does, read from its leading keywords (SQL text, not Python). */
export interface SqlSummary {
  ddl: boolean;
  /** Tables named by DDL statements (`ALTER TABLE x`, `CREATE INDEX .. ON x`); null when a DDL statement names none we can read. */
  ddlTables: string[] | null;
  /** Whether a statement is an UPDATE or INSERT (a backfill). */
  writesRows: boolean;
  /** Tables those statements write (`UPDATE x`, `INSERT INTO x`); null when one of them names none we can read. */
  writtenTables: string[] | null;
}

const ddlKeywords = new Set(['create', 'alter', 'drop', 'rename']);
const writeKeywords = new Set(['update', 'insert', 'merge', 'replace']);

function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
}

function unquote(name: string): string {
  const last = name.split('.').pop() ?? name;
  return last.replace(/^["`[]|["`\]]$/g, '');
}

export function summarizeSql(sql: string): SqlSummary {
  const statements = withoutComments(sql)
    .split(';')
    .map((statement) => statement.trim())
    .filter(Boolean);
  let ddl = false;
  let writesRows = false;
  let tables: string[] | null = [];
  let written: string[] | null = [];
  for (const statement of statements) {
    const keyword = statement.split(/\s+/)[0]?.toLowerCase() ?? '';
    if (writeKeywords.has(keyword) || /^with\b[\s\S]*\b(update|insert)\b/i.test(statement)) {
      writesRows = true;
      const target = /^(?:update|insert\s+(?:or\s+\w+\s+)?into|replace\s+into|merge\s+into)\s+(?:only\s+)?("[^"]+"|`[^`]+`|[\w.]+)/i.exec(statement);
      if (target?.[1] && written) written.push(unquote(target[1]));
      else written = null;
    }
    if (!ddlKeywords.has(keyword)) continue;
    ddl = true;
    const named =
      /^(?:create|alter|drop)\s+(?:(?:temporary|temp|unlogged)\s+)?table\s+(?:if\s+(?:not\s+)?exists\s+)?(?:only\s+)?("[^"]+"|`[^`]+`|[\w.]+)/i.exec(statement) ??
      /^create\s+(?:unique\s+)?index\b[\s\S]*?\bon\s+(?:only\s+)?("[^"]+"|`[^`]+`|[\w.]+)/i.exec(statement);
    if (named?.[1] && tables) tables.push(unquote(named[1]));
    else tables = null;
  }
  return { ddl, ddlTables: ddl ? tables : [], writesRows, writtenTables: written };
}
