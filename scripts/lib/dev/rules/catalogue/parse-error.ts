import { firstTreeError } from '../../../parse/tree-sitter.js';
import { offsetAt, type DevRule, type Report } from '../types.js';

export const parseError: DevRule = {
  id: 'parse-error',
  group: 'files',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a Python file, a template (an unclosed `{{`, `{%`, `{#` or `{% raw %}`) or a template\'s `<script>` block that does not parse. The other rules still run on what could be read.',
    why: 'A file that does not parse fails at import (Python) or at render time (Jinja), or leaves the page without its Vue app (a script error); the other rules can then only guess.',
    example: '{% block content %}\n<div id="app">{{ title }</div>\n{% endblock %}',
    fix: '{% block content %}\n<div id="app">{{ title }}</div>\n{% endblock %}',
    language: 'html',
  },
  check(context): Report[] {
    if (context.kind === 'python') {
      const problem = context.syntaxProblem;
      if (!problem) return [];
      if (problem.kind === 'limit') {
        return [{ line: problem.line, column: problem.column, message: `${problem.message[0]!.toUpperCase()}${problem.message.slice(1)}; no other rule read this file.`, help: 'split the module, or check it by hand' }];
      }
      return [{ line: problem.line, column: problem.column, message: `This file does not parse (${problem.message}), so Python cannot import it.`, help: `fix the syntax at line ${problem.line}, column ${problem.column}` }];
    }
    const { template } = context.model;
    const reports: Report[] = template.jinja.problems.map((problem) => ({
      ...offsetAt(context, problem.offset),
      message: `Jinja cannot read this template: ${problem.message}, so rendering it fails.`,
      help: 'close the tag (`}}`, `%}`, `#}`, or `{% endraw %}`) where it ends',
    }));
    const script = template.javascript ? firstTreeError(template.javascript.rootNode, 'JavaScript') : undefined;
    if (script) {
      reports.push({
        line: script.line,
        column: script.column,
        message: `This <script> does not parse (${script.message}), so the browser skips it and the page has no Vue app.`,
        help: `fix the JavaScript at line ${script.line}, column ${script.column}`,
      });
    }
    return reports;
  },
};
