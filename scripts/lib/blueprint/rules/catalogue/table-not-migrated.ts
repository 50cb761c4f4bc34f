import type { BlueprintRule } from '../types.js';

export const tableNotMigrated: BlueprintRule = {
  id: 'table-not-migrated',
  group: 'migrations',
  defaultSeverity: 'error',
  docs: {
    what: "Reports a model of the module whose table no migration creates by the heads (the migrations' operations replayed, no database).",
    why: 'The app queries a table that a database built from the migrations does not have: every page and endpoint of the module fails on a fresh database, in CI and in production.',
    example: '# stkapp/invoice_line/models.py declares InvoiceLine, and alembic/versions/ has no revision creating invoice_line',
    fix: 'stk-migrate new "add invoice_line" --throwaway   # autogenerate the revision on a throwaway database, then validate and roundtrip it',
  },
  check({ models, migratedTables }) {
    return models
      .filter((model) => !migratedTables.has(model.table))
      .map((model) => ({
        file: model.file,
        line: model.line,
        column: 1,
        message: `no migration creates the table ${model.table} of ${model.name}: on a database built from the migrations, the module's queries fail.`,
        help: `create it: stk-migrate new "add ${model.table}" --throwaway, then stk-migrate validate and roundtrip`,
      }));
  },
};
