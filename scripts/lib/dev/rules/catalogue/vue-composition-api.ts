import { memberName, type Node } from '../../../parse/javascript.js';
import { offsetAt, templateRule, type Report } from '../types.js';

/** Composition API functions of Vue (called bare after `const { ref } = Vue`, or as `Vue.ref`). */
const compositionFunctions = new Set(['ref', 'reactive', 'shallowRef', 'shallowReactive', 'toRef', 'toRefs', 'watchEffect', 'onMounted', 'onBeforeMount', 'onUnmounted', 'onBeforeUnmount', 'onUpdated']);
/** Names that are Composition API only when they come from Vue (`computed` and `watch` are also Options API keys). */
const fromVueOnly = new Set(['computed', 'watch']);

/** Names a script takes from Vue: `const { createApp, ref } = Vue`. */
function namesFromVue(root: Node): Set<string> {
  const names = new Set<string>();
  for (const declarator of root.descendantsOfType('variable_declarator')) {
    const pattern = declarator?.childForFieldName('name');
    if (declarator?.childForFieldName('value')?.text !== 'Vue' || pattern?.type !== 'object_pattern') continue;
    for (const name of pattern.descendantsOfType(['shorthand_property_identifier_pattern', 'identifier'])) if (name) names.add(name.text);
  }
  return names;
}

export const vueCompositionApi = templateRule({
  id: 'vue-composition-api',
  group: 'vue',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports the Composition API in a template\'s Vue code: a `setup()` in the app options, and calls of `ref()`, `reactive()`, `onMounted()` and the like (bare or as `Vue.ref`).',
    why: 'stk pages use the Options API (`data()`, `computed`, `methods`, `mounted()`) so that `layoutMixin` and the shared components can read and extend the page\'s state. State kept in `setup()` refs is invisible to the mixin, and a page mixing both styles breaks in ways that only show in the browser.',
    example: 'const app = createApp({\n  setup() {\n    const items = ref([]);\n    return { items };\n  },\n});',
    fix: 'const app = createApp({\n  data() {\n    return { items: [] };\n  },\n});',
    language: 'javascript',
  },
  check(context) {
    const { model } = context;
    const root = model.template.javascript?.rootNode;
    if (!root || model.apps.length === 0) return [];
    const reports: Report[] = [];
    for (const app of model.apps) {
      const setup = app.keys.get('setup');
      if (setup) {
        reports.push({
          ...offsetAt(context, setup.startIndex),
          message: 'The app options have a `setup()`: stk pages use the Options API, so layoutMixin and the shared components do not see this state.',
          help: 'move the state into `data() { return {...} }`, functions into `methods`, derived values into `computed`, and start-up code into `mounted()`',
        });
      }
    }
    const fromVue = namesFromVue(root);
    for (const call of root.descendantsOfType('call_expression')) {
      const callee = memberName(call?.childForFieldName('function'));
      if (!call || !callee) continue;
      const viaVue = callee.startsWith('Vue.') && !callee.slice(4).includes('.');
      if (callee.includes('.') && !viaVue) continue;
      const name = viaVue ? callee.slice(4) : callee;
      if (!compositionFunctions.has(name) && !(fromVueOnly.has(name) && (viaVue || fromVue.has(name)))) continue;
      reports.push({
        ...offsetAt(context, call.startIndex),
        message: `\`${callee}()\` is the Composition API; stk pages keep their state in the Options API, where layoutMixin can reach it.`,
        help: name === 'ref' || name === 'reactive' || name.startsWith('shallow') ? 'declare the value in `data() { return {...} }` and use it as `this.<name>`' : name.startsWith('on') ? `use the \`${name[2]!.toLowerCase()}${name.slice(3)}()\` option of the app instead` : name === 'computed' ? 'declare it under `computed: { ... }`' : name === 'watch' || name === 'watchEffect' ? 'declare it under `watch: { ... }`' : 'use `this.<name>` of the Options API instead',
      });
    }
    return reports;
  },
});
