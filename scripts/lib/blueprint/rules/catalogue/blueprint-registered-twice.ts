import type { BlueprintRule } from '../types.js';

export const blueprintRegisteredTwice: BlueprintRule = {
  id: 'blueprint-registered-twice',
  group: 'wiring',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a blueprint registered more than once (two `register_blueprint` calls reach it).',
    why: 'Quart refuses a second registration under the same name at start-up (or, with another name, serves every route twice with different endpoints), so the app fails to boot or url_for() points at the wrong copy.',
    example: 'def register_blueprints(app):\n    app.register_blueprint(bp_invoice_line)\n    app.register_blueprint(bp_user)\n    app.register_blueprint(bp_invoice_line)',
    fix: 'def register_blueprints(app):\n    app.register_blueprint(bp_invoice_line)\n    app.register_blueprint(bp_user)',
  },
  check({ blueprint }) {
    if (blueprint.registrations.length < 2) return [];
    const [first, ...others] = blueprint.registrations;
    return others.map((registration) => ({
      file: registration.file,
      line: registration.line,
      column: 1,
      message: `${blueprint.variable} is registered again here (first at ${first!.file}:${first!.line}): Quart refuses the second registration or serves every route twice.`,
      help: 'keep one register_blueprint call for it',
    }));
  },
};
