import { code, ruleTester } from '../harness.js';

/** stk's layout: the app mounts on #app, which wraps the content block; the js block is outside it. */
const layouts = {
  'layout.html': code(
    '<!DOCTYPE html>',
    '<html><head><title>{% block title %}{{ config.APP_NAME }}{% endblock %}</title></head>',
    '<body>',
    '  <div id="app">',
    '    <v-app><v-main>{% block content %}{% endblock %}</v-main></v-app>',
    '  </div>',
    '  {% block js %}{% endblock %}',
    '</body></html>',
  ),
};

const script = (...options: string[]) =>
  code(
    '{% block js %}',
    '<script>',
    '  const { createApp } = Vue;',
    '  const app = createApp({',
    ...options,
    '  });',
    '  registerStkComponents(app);',
    '  app.use(createVuetify(config.vuetifyConfig)).mount("#app");',
    '</script>',
    '{% endblock %}',
  );
const goodOptions = ['    delimiters: config.delimiters,', '    mixins: [layoutMixin],', '    data() {', '      return { items: [], total: 0, search: "" };', '    },', '    computed: { empty() { return this.total === 0; } },', '    methods: { load() {} },'];

/** A page of stk's shape: extends the layout, content block, then the script. Content starts on line 3. */
const page = (content: string[], options: string[] = goodOptions) => code('{% extends "layout.html" %}', '{% block content %}', ...content, '{% endblock %}') + script(...options);

ruleTester('jinja-delimiters-in-vue', {
  defaultSeverity: 'error',
  valid: [
    { name: 'Vue bindings with ${ }', code: page(['<v-container>${ total } things</v-container>']), layouts },
    { name: 'Jinja names from the view inside the mount element', code: page(['<h1>{{ page_title }}</h1>', '<a href="{{ url_for("things.index") }}">back</a>']), layouts },
    { name: '{{ }} outside the Vue mount element (title block of the layout)', code: code('{% extends "layout.html" %}', '{% block title %}{{ items }}{% endblock %}', '{% block content %}{% endblock %}') + script(...goodOptions), layouts },
    { name: '{{ }} in a script block (server data for the page)', code: page(['<div></div>']).replace('<script>', '<script type="application/json" id="data">{{ items|tojson }}</script>\n<script>'), layouts },
    { name: 'a {% raw %} block hands {{ }} to Vue', code: page(['{% raw %}', '<span>{{ total }} things</span>', '{% endraw %}']), layouts },
    { name: 'a Jinja loop variable named like Vue data', code: page(['{% for items in groups %}', '<v-chip>{{ items.name }}</v-chip>', '{% endfor %}']), layouts },
    { name: 'a {% set %} variable', code: page(['{% set total = 3 %}', '<p>{{ total }}</p>']), layouts },
    { name: 'a filter named like Vue data', code: page(['<p>{{ page_title|total }}</p>']), layouts },
    { name: 'a mount element in the page itself, with {{ }} before it', code: code('<h1>{{ total }}</h1>', '<div id="app">${ total }</div>', '<script>', '  const app = Vue.createApp({ delimiters: config.delimiters, mixins: [layoutMixin], data: () => ({ total: 0 }) });', '  registerStkComponents(app);', '  app.mount("#app");', '</script>') },
    { name: 'a template without a Vue app', code: code('{% extends "layout.html" %}', '{% block content %}<p>{{ total }}</p>{% endblock %}'), layouts },
  ],
  invalid: [
    { name: 'Vue data in {{ }} inside the content block', code: page(['<v-container>', '  <p>{{ total }} things</p>', '</v-container>']), layouts, lines: [4], help: 'write `${ total }`' },
    { name: 'a v-for variable', code: page(['<tr v-for="(item, index) in items">', '  <td>{{ item.name }}</td>', '</tr>']), layouts, lines: [4], message: "reads Vue's `item`" },
    { name: 'a slot prop', code: page(['<v-data-table-server :items="items">', '  <template v-slot:item.name="{ item }">{{ item.name }}</template>', '</v-data-table-server>']), layouts, lines: [4] },
    { name: 'a computed value and a method', code: page(['<p>{{ empty }}</p>', '<p>{{ load() }}</p>']), layouts, lines: [3, 4] },
    { name: 'a mount element in the page itself', code: code('<div id="app">', '  <p>{{ total }}</p>', '</div>', '<script>', '  const app = Vue.createApp({ delimiters: config.delimiters, mixins: [layoutMixin], data: () => ({ total: 0 }) });', '  registerStkComponents(app);', '  app.mount("#app");', '</script>'), lines: [2] },
    { name: 'a layout two levels up', code: code('{% extends "cms.html" %}', '{% block page %}', '<p>{{ search }}</p>', '{% endblock %}') + script(...goodOptions), layouts: { ...layouts, 'cms.html': code('{% extends "layout.html" %}', '{% block content %}<v-container>{% block page %}{% endblock %}</v-container>{% endblock %}') }, lines: [3] },
    { name: 'an attribute of its own: Vue interpolates none, so the fix binds it', code: page(['<p title="{{ total }}">x</p>']), layouts, lines: [3], help: 'bind the attribute instead: `:title="total"`' },
    { name: 'an attribute with text around it: bound to a template literal', code: page(['<p title="Total: {{ total }} things">x</p>']), layouts, lines: [3], help: 'bind the attribute instead: `:title="`Total: ${total} things`"`' },
    { name: 'a bound attribute: the braces go', code: page(['<v-chip :text="{{ total }}"></v-chip>']), layouts, lines: [3], help: 'write `total` without the braces: Vue already reads `:text` as JavaScript' },
    { name: 'custom delimiters written out are used in the fix', code: page(['<p>{{ total }}</p>'], ['    delimiters: ["[[", "]]"],', '    mixins: [layoutMixin],', '    data() { return { total: 0 }; },']), layouts, lines: [3], help: 'write `[[ total ]]`' },
  ],
});

ruleTester('vue-composition-api', {
  defaultSeverity: 'error',
  valid: [
    { name: 'the Options API', code: page(['<p>${ total }</p>']) },
    { name: 'toRaw and a computed option', code: page(['<p></p>'], [...goodOptions, '    watch: { search() { this.load(); } },', '    mounted() { this.load(toRaw(this.items)); },']) },
    { name: 'a computed() of our own, not from Vue', code: page(['<p></p>'], [...goodOptions.slice(0, -1), '    methods: { load() { return computed(this.items); } },']) },
  ],
  invalid: [
    { name: 'setup() with ref()', code: page(['<p></p>'], ['    delimiters: config.delimiters,', '    mixins: [layoutMixin],', '    setup() {', '      const items = ref([]);', '      return { items };', '    },']), lines: [11, 12], message: 'Options API' },
    { name: 'Vue.reactive', code: page(['<p></p>'], [...goodOptions, '    created() { this.state = Vue.reactive({}); },']), lines: [16], help: 'data()' },
    { name: 'computed taken from Vue', code: page(['<p></p>'], goodOptions).replace('const { createApp } = Vue;', 'const { createApp, computed } = Vue;\n  const total = computed(() => 1);'), lines: [8] },
  ],
});

ruleTester('missing-delimiters', {
  defaultSeverity: 'error',
  valid: [
    { name: 'config.delimiters', code: page(['<p></p>']) },
    { name: 'options spread from elsewhere (cannot tell)', code: page(['<p></p>'], ['    ...baseOptions,', '    mixins: [layoutMixin],']) },
  ],
  invalid: [{ name: 'no delimiters', code: page(['<p></p>'], ['    mixins: [layoutMixin],', '    data() { return {}; },']), lines: [8], help: 'delimiters: config.delimiters' }],
});

ruleTester('missing-layout-mixin', {
  defaultSeverity: 'error',
  valid: [
    { name: 'layoutMixin among others', code: page(['<p></p>'], ['    delimiters: config.delimiters,', '    mixins: [formMixin, layoutMixin],']) },
    { name: 'options kept in a constant', code: code('<script>', '  const options = { delimiters: config.delimiters, mixins: [layoutMixin] };', '  const app = Vue.createApp(options);', '  registerStkComponents(app);', '  app.mount("#app");', '</script>') },
  ],
  invalid: [
    { name: 'no mixins', code: page(['<p></p>'], ['    delimiters: config.delimiters,']), lines: [8], help: 'add `mixins: [layoutMixin],`' },
    { name: 'other mixins only', code: page(['<p></p>'], ['    delimiters: config.delimiters,', '    mixins: [formMixin],']), lines: [10], help: 'write `mixins: [layoutMixin, formMixin]`' },
  ],
});

ruleTester('missing-register-components', {
  defaultSeverity: 'error',
  valid: [
    { name: 'registered before mount', code: page(['<p></p>']) },
    { name: 'registered on an app created inline and kept', code: code('<script>', '  let app;', '  app = Vue.createApp({ delimiters: config.delimiters, mixins: [layoutMixin] });', '  registerStkComponents(app);', '  app.mount("#app");', '</script>') },
  ],
  invalid: [
    { name: 'never registered', code: page(['<p></p>']).replace('  registerStkComponents(app);\n', ''), lines: [17], help: 'registerStkComponents(app);' },
    { name: 'registered after mount', code: page(['<p></p>']).replace('  registerStkComponents(app);\n', '').replace('</script>', '  registerStkComponents(app);\n</script>'), lines: [17] },
    { name: 'created and mounted in one chain', code: code('<script>', '  Vue.createApp({ delimiters: config.delimiters, mixins: [layoutMixin] }).use(vuetify).mount("#app");', '</script>'), lines: [2], help: 'keep the app in a variable' },
  ],
});
