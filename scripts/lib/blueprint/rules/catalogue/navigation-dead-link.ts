import { moduleEntries, routeFor, type BlueprintRule } from '../types.js';

export const navigationDeadLink: BlueprintRule = {
  id: 'navigation-dead-link',
  group: 'navigation',
  defaultSeverity: 'error',
  docs: {
    what: "Reports a sidebar entry of the module (its path starts with the module's name, or opens one of its routes) whose path no GET route of the app answers.",
    why: 'The entry shows in every page\'s sidebar and leads to a 404: the usual result of a renamed route or a singular/plural slip (`/invoice_line/` for `/invoice_lines/`).',
    example: "{ title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_line/' },",
    fix: "{ title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' },",
    language: 'javascript',
  },
  check(context) {
    const { navigation, app, pages } = context;
    if (!navigation) return [];
    return moduleEntries(context)
      .filter((entry) => routeFor(app, entry.to!) === undefined)
      .map((entry) => ({
        file: navigation.file,
        line: entry.line,
        column: entry.column,
        message: `the sidebar entry "${entry.title ?? entry.to}" opens ${entry.to}, which no GET route answers: it leads to a 404.`,
        help: pages.length > 0 ? `point it at the module's page: ${pages.map((page) => page.route.path).join(' or ')}` : 'point it at a page route of the module, or remove it',
      }));
  },
};
