import { offsetAt, templateRule } from '../types.js';

export const missingDelimiters = templateRule({
  id: 'missing-delimiters',
  group: 'vue',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a `createApp({...})` in a template whose options do not set `delimiters` (stk\'s `config.delimiters`, `${ }`).',
    why: 'Jinja renders the template first and owns `{{ }}`: with Vue\'s default delimiters every `{{ item.name }}` of the page is evaluated by Jinja on the server (usually to an empty string) before Vue ever sees it, so the page silently shows nothing where its data should be.',
    example: 'const app = createApp({\n  mixins: [layoutMixin],\n  data() { return { items: [] }; },\n});',
    fix: 'const app = createApp({\n  delimiters: config.delimiters,\n  mixins: [layoutMixin],\n  data() { return { items: [] }; },\n});',
    language: 'javascript',
  },
  check(context) {
    return context.model.apps.flatMap((app) => {
      if (!app.options || app.spreads || app.keys.has('delimiters')) return [];
      return [
        {
          ...offsetAt(context, app.call.startIndex),
          message: 'This Vue app keeps the default `{{ }}` delimiters, which Jinja has already consumed: its template bindings render empty.',
          help: 'add `delimiters: config.delimiters,` to the app options and write bindings as `${ item.name }`',
        },
      ];
    });
  },
});
