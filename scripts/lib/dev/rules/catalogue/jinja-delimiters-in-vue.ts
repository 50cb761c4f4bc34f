import { stringValue } from '../../../parse/javascript.js';
import { memberValue, type VueApp } from '../../template/model.js';
import { offsetAt, templateRule } from '../types.js';

/** The app's delimiters when they are written out (`["${", "}"]`); stk's `config.delimiters` is `${ }`. */
function delimitersOf(app: VueApp | undefined): [string, string] {
  const member = app?.keys.get('delimiters');
  const value = member ? memberValue(member) : undefined;
  const [open, close] = value?.type === 'array' ? value.namedChildren.map((item) => stringValue(item)) : [];
  return open && close ? [open, close] : ['${', '}'];
}

export const jinjaDelimitersInVue = templateRule({
  id: 'jinja-delimiters-in-vue',
  group: 'vue',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports `{{ ... }}` inside the element the Vue app mounts on (in the template itself, or in a block its layout places there) whose expression reads the app\'s data, computed values, methods, props, or a `v-for`/slot variable around it. Jinja names (`{% for %}` and `{% set %}` variables, the view\'s context) are left alone, and so are `{% raw %}` blocks and everything outside the mount element.',
    why: 'Jinja renders the template before the browser sees it, and `{{ }}` is Jinja\'s: `{{ item.name }}` is evaluated on the server, where `item` is undefined, so it renders as an empty string and Vue never gets the binding. stk\'s Vue apps use `${ }` for this reason.',
    example: '<div id="app">\n  <tr v-for="item in items">\n    <td>{{ item.name }}</td>\n  </tr>\n</div>',
    fix: '<div id="app">\n  <tr v-for="item in items">\n    <td>${ item.name }</td>\n  </tr>\n</div>',
    language: 'html',
  },
  check(context) {
    const { model } = context;
    if (model.apps.length === 0) return [];
    const appNames = new Set(model.apps.flatMap((app) => [...app.names]));
    const [open, close] = delimitersOf(model.apps.find((app) => app.keys.has('delimiters')));
    return model.expressions.flatMap((expression) => {
      if (!expression.insideMount) return [];
      const vue = expression.names.filter((name) => !expression.jinjaBound.has(name) && (appNames.has(name) || expression.vueScope.has(name)));
      if (vue.length === 0) return [];
      const body = expression.token.body.trim();
      return [
        {
          ...offsetAt(context, expression.token.start),
          message: `\`{{ ${body} }}\` reads Vue's \`${vue[0]}\`, but Jinja renders {{ }} on the server first, where \`${vue[0]}\` does not exist: it comes out empty.`,
          help: `write \`${open} ${body} ${close}\``,
        },
      ];
    });
  },
});
