import { moduleEntries, routeFor, type BlueprintRule } from '../types.js';

export const navigationMissing: BlueprintRule = {
  id: 'navigation-missing',
  group: 'navigation',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports an admin page of the module (a GET route rendering a template under `cms/`) that no sidebar entry opens.',
    why: 'Admins reach sections through the sidebar: a page without an entry exists only for those who know its URL.',
    example: "const navigation = [\n  { title: 'Users', icon: 'ti ti-users', to: '/users/' },\n];",
    fix: "const navigation = [\n  { title: 'Users', icon: 'ti ti-users', to: '/users/' },\n  { title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' },\n];",
    language: 'javascript',
  },
  check(context) {
    const { navigation, app, pages, blueprint } = context;
    // a module whose entry is dead gets navigation-dead-link, not this
    if (!navigation || moduleEntries(context).some((entry) => routeFor(app, entry.to!) === undefined)) return [];
    const opened = new Set(navigation.entries.flatMap((entry) => (entry.to ? [routeFor(app, entry.to)] : [])));
    return pages
      .filter((page) => page.templates.some((template) => template.name.startsWith('cms/')) && !opened.has(page.route) && page.route.path && !page.route.path.includes('<'))
      .map((page) => ({
        line: page.route.line,
        column: 1,
        message: `the page ${page.route.path} of ${blueprint.name ?? blueprint.variable} has no sidebar entry: admins cannot find it.`,
        help: `add { title: ..., icon: 'ti ti-...', to: '${page.route.path}' } to ${navigation.variable} in ${navigation.file}`,
      }));
  },
};
