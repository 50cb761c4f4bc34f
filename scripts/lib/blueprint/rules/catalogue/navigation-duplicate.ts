import { moduleEntries, routeFor, type BlueprintRule } from '../types.js';

export const navigationDuplicate: BlueprintRule = {
  id: 'navigation-duplicate',
  group: 'navigation',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports a sidebar entry of the module that opens the same page as an earlier entry of the sidebar.',
    why: 'Admins see the section twice in every page\'s sidebar: the usual trace of a module scaffolded again after it was removed by hand, its old entry kept.',
    example: "{ title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' },\n{ title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' },",
    fix: "{ title: 'Invoice lines', icon: 'ti ti-list', to: '/invoice_lines/' },",
    language: 'javascript',
  },
  check(context) {
    const { navigation, app } = context;
    if (!navigation) return [];
    // The same page: the same route, else (a dead link) the same path, a trailing slash either way.
    const target = (to: string) => routeFor(app, to) ?? to.replace(/[?#].*$/, '').replace(/\/+$/, '');
    return moduleEntries(context).flatMap((entry) => {
      const first = navigation.entries.find((other) => other.to !== null && target(other.to) === target(entry.to!));
      if (!first || first === entry || first.line > entry.line || (first.line === entry.line && first.column >= entry.column)) return [];
      return [
        {
          file: navigation.file,
          line: entry.line,
          column: entry.column,
          message: `the sidebar entry "${entry.title ?? entry.to}" opens ${entry.to} again (first at ${navigation.file}:${first.line}): admins see the section twice.`,
          help: 'keep one sidebar entry for the page',
        },
      ];
    });
  },
};
