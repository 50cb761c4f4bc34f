import type { BlueprintRule } from '../types.js';

export const templateMissing: BlueprintRule = {
  id: 'template-missing',
  group: 'pages',
  defaultSeverity: 'error',
  docs: {
    what: "Reports a page handler of the module that renders a template (a literal name) that does not exist in the app's templates folder.",
    why: 'render_template raises TemplateNotFound: the page answers 500 for everyone, which no static check of the Python alone notices.',
    example: '@bp_invoice_line.get("/invoice_lines/")\nasync def invoice_lines_page():\n    return await render_template("cms/invoice_line.html")',
    fix: '@bp_invoice_line.get("/invoice_lines/")\nasync def invoice_lines_page():\n    return await render_template("cms/invoice_lines.html")',
  },
  check({ pages }) {
    return pages.flatMap((page) =>
      page.templates
        .filter((template) => !template.exists)
        .map((template) => ({
          file: page.route.file,
          line: template.line,
          column: template.column,
          message: `${page.route.handler}() renders ${template.name}, which is not in the templates folder (${template.file}): the page answers 500.`,
          help: `create ${template.file}, or name the template that exists`,
        })),
    );
  },
};
