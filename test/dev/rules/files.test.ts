import { code, ruleTester } from '../harness.js';

ruleTester('parse-error', {
  defaultSeverity: 'error',
  valid: [
    { name: 'Python that parses', code: code('async def index():', '    return {}') },
    { name: 'a template whose scripts hold Jinja', code: code('<script>', '  const items = {{ items|tojson }};', '  {% if admin %}const admin = true;{% endif %}', '</script>') },
    { name: 'a {% raw %} block holding {{', code: code('{% raw %}<p>{{ a }}</p>{% endraw %}') },
  ],
  invalid: [
    { name: 'Python that does not', code: code('async def index(:', '    return {}'), lines: [1], message: 'does not parse' },
    { name: 'an unclosed {{', code: code('<div id="app">', '  <p>{{ title }</p>', '</div>'), lines: [2], help: 'close the tag' },
    { name: 'an unclosed raw block', code: code('<p>', '{% raw %}{{ a }}'), lines: [2] },
    { name: 'a script that does not parse', code: code('<div></div>', '<script>', '  const app = Vue.createApp({ data() { return { ; } });', '</script>'), lines: [3], message: '<script> does not parse' },
  ],
});
