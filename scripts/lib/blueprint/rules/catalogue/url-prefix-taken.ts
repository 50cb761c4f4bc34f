import type { BlueprintRule } from '../types.js';

export const urlPrefixTaken: BlueprintRule = {
  id: 'url-prefix-taken',
  group: 'wiring',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a blueprint whose URL prefix (given to `Blueprint(...)` or at its registration) another registered blueprint also has.',
    why: 'Two modules under one prefix compete for the same paths: whichever blueprint is registered first answers, and the other module\'s routes silently never run.',
    example: 'bp_invoice = Blueprint("invoice", __name__, url_prefix="/billing")\nbp_payment = Blueprint("payment", __name__, url_prefix="/billing")',
    fix: 'bp_invoice = Blueprint("invoice", __name__, url_prefix="/invoices")\nbp_payment = Blueprint("payment", __name__, url_prefix="/payments")',
  },
  check({ blueprint, app }) {
    const prefix = blueprint.urlPrefix?.replace(/\/+$/, '');
    if (!prefix) return [];
    const other = app.blueprints.find((item) => item !== blueprint && item.kind === 'blueprint' && item.registered && item.urlPrefix?.replace(/\/+$/, '') === prefix);
    if (!other) return [];
    return [
      {
        line: blueprint.line,
        column: 1,
        message: `the URL prefix ${blueprint.urlPrefix} is also ${other.variable}'s (${other.file}:${other.line}): their routes compete for the same paths.`,
        help: 'give each module its own prefix (or none, with full paths in its routes)',
      },
    ];
  },
};
