import type { BlueprintRule } from '../types.js';

export const blueprintNotRegistered: BlueprintRule = {
  id: 'blueprint-not-registered',
  group: 'wiring',
  defaultSeverity: 'error',
  docs: {
    what: "Reports a blueprint that the app never registers: no `app.register_blueprint(...)` reaches it (directly, or through a parent blueprint), so none of its routes exist.",
    why: 'Quart only serves the routes of registered blueprints. An unregistered module imports fine and passes its own checks, but every page and endpoint answers 404, and its sidebar entry leads nowhere.',
    example: '# stkapp/app.py\ndef register_blueprints(app):\n    app.register_blueprint(bp_user)\n    # bp_invoice_line is never registered',
    fix: '# stkapp/app.py\nfrom stkapp.invoice_line.views import bp_invoice_line\n\ndef register_blueprints(app):\n    app.register_blueprint(bp_user)\n    app.register_blueprint(bp_invoice_line)',
  },
  check({ blueprint, registration }) {
    if (blueprint.registered) return [];
    const where = registration ? ` in ${registration.function ? `${registration.function}() of ` : ''}${registration.file}` : '';
    return [
      {
        line: blueprint.line,
        column: 1,
        message: `blueprint ${blueprint.name ?? blueprint.variable} (${blueprint.variable}) is never registered on the app: all its routes answer 404.`,
        help: `import ${blueprint.variable} and call app.register_blueprint(${blueprint.variable})${where}`,
      },
    ];
  },
};
