import { describe, expect, it } from 'vitest';
import { attribute, elementAt, parseTemplate } from '../../scripts/lib/parse/template.js';

describe('parseTemplate', () => {
  it('keeps elements where the file has them, with offsets and attribute values', async () => {
    const source = '{% block content %}<table><div id="app" :title="{{ t }}">x</div></table>{% endblock %}';
    const template = await parseTemplate(source);
    expect(template.elements.map((element) => element.name)).toEqual(['table', 'div']);
    const div = template.elements[1]!;
    expect(div.parent?.name).toBe('table');
    expect(source.slice(div.start, div.end)).toBe('<div id="app" :title="{{ t }}">x</div>');
    const title = attribute(div, ':title')!;
    expect(source.slice(title.valueStart, title.valueStart + title.value!.length)).toBe('{{ t }}');
    expect(elementAt(template, source.indexOf('x</div>'))?.name).toBe('div');
  });

  it('parses the JavaScript of every script block, Jinja inside blanked, at the template offsets', async () => {
    const source = '<script type="application/json">{{ data|tojson }}</script>\n<script>const a = {{ x|tojson }};</script><script>const b = 1</script>';
    const template = await parseTemplate(source);
    expect(template.scripts).toHaveLength(2);
    const js = template.javascript!;
    expect(js.rootNode.hasError).toBe(false);
    const names = js.rootNode.descendantsOfType('variable_declarator').map((node) => node!.childForFieldName('name')!);
    expect(names.map((node) => [node.text, source.slice(node.startIndex, node.endIndex)])).toEqual([
      ['a', 'a'],
      ['b', 'b'],
    ]);
  });

  it('collects HTML, Jinja and script comments', async () => {
    const template = await parseTemplate('<!-- html -->{# jinja #}<script>// line\n/* block */</script>');
    expect(template.comments.map((comment) => comment.text)).toEqual(['<!-- html -->', '{# jinja #}', '// line', '// block ']);
  });

  it('does not mistake Jinja for markup', async () => {
    const template = await parseTemplate('<p>{% if a > b %}{{ "<b>" }}{% endif %}</p>');
    expect(template.elements.map((element) => element.name)).toEqual(['p']);
  });
});
