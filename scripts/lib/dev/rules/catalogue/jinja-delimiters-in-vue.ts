import { stringValue } from '../../../parse/javascript.js';
import { elementAt, type Template } from '../../../parse/template-tree.js';
import type { JinjaToken } from '../../../parse/jinja.js';
import { memberValue, type VueApp } from '../../template/model.js';
import { offsetAt, templateRule } from '../types.js';

/** The app's delimiters when they are written out (`["${", "}"]`); stk's `config.delimiters` is `${ }`. */
function delimitersOf(app: VueApp | undefined): [string, string] {
  const member = app?.keys.get('delimiters');
  const value = member ? memberValue(member) : undefined;
  const [open, close] = value?.type === 'array' ? value.namedChildren.map((item) => stringValue(item)) : [];
  return open && close ? [open, close] : ['${', '}'];
}

/** Vue reads these attributes' values as JavaScript: `:title`, `v-bind:title`, `v-if`, `@click`, `#item`. */
function isBound(name: string): boolean {
  return name.startsWith(':') || name.startsWith('@') || name.startsWith('#') || name.startsWith('v-');
}

/**
 * The fix for `{{ }}` inside an attribute of an element's start tag, where Vue interpolates nothing: the
 * expression bound as JavaScript. Undefined for `{{ }}` in text, where the app's delimiters are the fix.
 */
function attributeFix(template: Template, token: JinjaToken, body: string): string | undefined {
  const element = elementAt(template, token.start);
  if (!element || token.start >= element.contentStart) return undefined;
  const attribute = element.attributes.find((candidate) => candidate.value !== undefined && token.start >= candidate.valueStart && token.start < candidate.valueStart + candidate.value.length);
  if (!attribute?.value) return 'bind the attribute to the expression instead (`:name="expression"`): Vue interpolates text, not attributes';
  if (isBound(attribute.name)) return `write \`${body}\` without the braces: Vue already reads \`${attribute.name}\` as JavaScript`;
  const raw = template.source.slice(attribute.valueStart, attribute.valueStart + attribute.value.length);
  const before = raw.slice(0, token.start - attribute.valueStart);
  const after = raw.slice(token.end - attribute.valueStart);
  const quote = body.includes('"') ? "'" : '"';
  if (before.trim() === '' && after.trim() === '') return `bind the attribute instead: \`:${attribute.name}=${quote}${body}${quote}\` (Vue interpolates text, not attributes)`;
  // other text around it: a template literal, unless the value holds more Jinja or a backtick of its own
  const literal = `\`${before}\${${body}}${after}\``;
  const around = before + after;
  if (around.includes('`') || around.includes('{') || literal.includes(quote)) return `bind the attribute instead (\`:${attribute.name}="..."\` with a JavaScript expression that builds the value): Vue interpolates text, not attributes`;
  return `bind the attribute instead: \`:${attribute.name}=${quote}${literal}${quote}\` (Vue interpolates text, not attributes)`;
}

export const jinjaDelimitersInVue = templateRule({
  id: 'jinja-delimiters-in-vue',
  group: 'vue',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports `{{ ... }}` inside the element the Vue app mounts on (in the template itself, or in a block its layout places there) whose expression reads the app\'s data, computed values, methods, props, or a `v-for`/slot variable around it. Jinja names (`{% for %}` and `{% set %}` variables, the view\'s context) are left alone, and so are `{% raw %}` blocks and everything outside the mount element. In an attribute, where Vue interpolates nothing, the fix binds it (`:title="total"`) instead of using `${ }`.',
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
          help: attributeFix(model.template, expression.token, body) ?? `write \`${open} ${body} ${close}\``,
        },
      ];
    });
  },
});
