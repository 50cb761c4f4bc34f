import type { BlueprintRule } from '../types.js';

export const modelsNotInMetadata: BlueprintRule = {
  id: 'models-not-in-metadata',
  group: 'migrations',
  defaultSeverity: 'error',
  docs: {
    what: "Reports a model of the module whose table is missing from the `target_metadata` that alembic/env.py builds (its models imported the way env.py imports them, found by running env.py on a throwaway database). When that cannot be run, an info says why.",
    why: 'Autogenerate compares the database with that metadata only: a model it never imports gets no migration (the revision comes out empty), and a later autogenerate may even propose to drop its table.',
    example: '# stkapp/migrations.py imports every <pkg>/*/models.py, but the module keeps its model elsewhere\n# stkapp/invoice_line/tables.py\nclass InvoiceLine(Base): ...',
    fix: '# move the model to stkapp/invoice_line/models.py (or import it where env.py imports the models)\nclass InvoiceLine(Base): ...',
  },
  check({ models, metadata }) {
    if ('unknown' in metadata) {
      return models.slice(0, 1).map((model) => ({ file: model.file, line: model.line, column: 1, severity: 'info' as const, message: `cannot verify that env.py's metadata sees the module's models: ${metadata.unknown}.`, help: 'run stk-migrate drift once the app boots' }));
    }
    return models
      .filter((model) => !metadata.tables.has(model.table))
      .map((model) => ({
        file: model.file,
        line: model.line,
        column: 1,
        message: `${model.name} (table ${model.table}) is not in the metadata env.py migrates: autogenerate never sees it, so no migration creates its table.`,
        help: "put the model in the module's models.py, or import its module where env.py (or the helper it calls) imports the models",
      }));
  },
};
