import type { BlueprintRule } from '../types.js';

export const blueprintNameTaken: BlueprintRule = {
  id: 'blueprint-name-taken',
  group: 'wiring',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a blueprint whose name (the first argument of `Blueprint(...)`) another blueprint of the app also uses.',
    why: 'Endpoints are `<blueprint name>.<function>`: two blueprints with one name make Quart refuse the second registration, or make `url_for("name.page")` ambiguous.',
    example: '# stkapp/invoice_line/views.py\nbp_invoice_line = Blueprint("users", __name__)',
    fix: 'bp_invoice_line = Blueprint("invoice_line", __name__)',
  },
  check({ blueprint, app }) {
    if (!blueprint.name) return [];
    const other = app.blueprints.find((item) => item !== blueprint && item.kind === 'blueprint' && item.name === blueprint.name);
    if (!other) return [];
    return [
      {
        line: blueprint.line,
        column: 1,
        message: `the blueprint name "${blueprint.name}" is also used by ${other.variable} at ${other.file}:${other.line}: Quart refuses the second registration.`,
        help: "name each blueprint after its module (Blueprint(\"<module>\", __name__))",
      },
    ];
  },
};
