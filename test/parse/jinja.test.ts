import { describe, expect, it } from 'vitest';
import { scanJinja, tagArguments, tagName } from '../../scripts/lib/parse/jinja.js';

describe('scanJinja', () => {
  it('finds variables, tags and comments with their offsets and bodies', () => {
    const source = '<p>{{ user.name }}</p>{%- if admin -%}x{% endif %}{# note #}';
    const { tokens, masked } = scanJinja(source);
    expect(tokens.map((token) => [token.kind, source.slice(token.start, token.end), token.body])).toEqual([
      ['variable', '{{ user.name }}', ' user.name '],
      ['block', '{%- if admin -%}', ' if admin '],
      ['block', '{% endif %}', ' endif '],
      ['comment', '{# note #}', ' note '],
    ]);
    expect(masked).toHaveLength(source.length);
    expect(masked).toBe('<p>_______________</p>                x                     ');
    expect(tagName(tokens[1]!)).toBe('if');
    expect(tagArguments(tokens[1]!).text.trim()).toBe('admin');
  });

  it('skips closing delimiters inside string literals, as Jinja does', () => {
    const { tokens } = scanJinja('{{ "}}" ~ name }} after');
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.body).toBe(' "}}" ~ name ');
  });

  it('leaves {% raw %} content alone and records it', () => {
    const source = 'a{% raw %}{{ vue }}{% endraw %}b{{ jinja }}';
    const { tokens, raw } = scanJinja(source);
    expect(tokens.map((token) => token.kind === 'variable' ? token.body.trim() : tagName(token))).toEqual(['raw', 'endraw', 'jinja']);
    expect(raw.map(({ start, end }) => source.slice(start, end))).toEqual(['{{ vue }}']);
  });

  it('keeps line breaks in blanked constructs so lines stay aligned', () => {
    expect(scanJinja('{{ a\n  }}\n{# x\ny #}').masked).toBe('____\n____\n    \n    ');
  });

  it('reports what is never closed', () => {
    expect(scanJinja('<p>{{ title }</p>').problems).toEqual([{ offset: 3, message: 'this {{ is never closed with }}' }]);
    expect(scanJinja('{% raw %}{{ a }}').problems).toEqual([{ offset: 0, message: 'this {% raw %} is never closed with {% endraw %}' }]);
  });
});
