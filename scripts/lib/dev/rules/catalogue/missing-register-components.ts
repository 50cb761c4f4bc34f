import { memberName } from '../../../parse/javascript.js';
import { offsetAt, templateRule } from '../types.js';

export const missingRegisterComponents = templateRule({
  id: 'missing-register-components',
  group: 'vue',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a template\'s Vue app that is mounted without `registerStkComponents(app)` being called on it first.',
    why: 'stk\'s shared components (tables, dialogs, confirmations) are registered on each app by `registerStkComponents`. Mounted without it, their tags stay unknown elements: Vue only warns in the browser console and the page shows empty space where they belong.',
    example: 'const app = createApp({ delimiters: config.delimiters, mixins: [layoutMixin] });\napp.use(vuetify).mount("#app");',
    fix: 'const app = createApp({ delimiters: config.delimiters, mixins: [layoutMixin] });\nregisterStkComponents(app);\napp.use(vuetify).mount("#app");',
    language: 'javascript',
  },
  check(context) {
    const root = context.model.template.javascript?.rootNode;
    if (!root) return [];
    const registrations = root.descendantsOfType('call_expression').filter((call) => {
      const callee = memberName(call?.childForFieldName('function'));
      return callee === 'registerStkComponents' || callee?.endsWith('.registerStkComponents') === true;
    });
    return context.model.apps.flatMap((app) => {
      if (!app.mount) return [];
      const registered = registrations.some((call) => {
        const argument = call?.childForFieldName('arguments')?.namedChildren[0];
        return call && call.startIndex < app.mount!.call.startIndex && (argument?.equals(app.call) || (app.variable !== undefined && argument?.text === app.variable));
      });
      if (registered) return [];
      const name = app.variable ?? 'app';
      return [
        {
          ...offsetAt(context, app.mount.call.startIndex),
          message: 'This Vue app is mounted without `registerStkComponents(...)`: stk\'s shared components stay unknown tags and render nothing.',
          help: app.variable
            ? `call \`registerStkComponents(${name});\` on the line before \`${name}.use(vuetify).mount(...)\``
            : 'keep the app in a variable, `const app = createApp({...});`, then `registerStkComponents(app);` and `app.use(vuetify).mount("#app");`',
        },
      ];
    });
  },
});
