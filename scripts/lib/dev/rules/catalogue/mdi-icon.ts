import { offsetAt, templateRule, type Report, type TemplateContext } from '../types.js';

/** Tabler names for the Material Design icons pages use most; others keep their name (`mdi-x` -> `ti ti-x`). */
const tablerNames: Record<string, string> = {
  'mdi-delete': 'ti-trash',
  'mdi-delete-outline': 'ti-trash',
  'mdi-magnify': 'ti-search',
  'mdi-close': 'ti-x',
  'mdi-account': 'ti-user',
  'mdi-account-group': 'ti-users',
  'mdi-cog': 'ti-settings',
  'mdi-content-save': 'ti-device-floppy',
  'mdi-email': 'ti-mail',
  'mdi-alert': 'ti-alert-triangle',
  'mdi-information': 'ti-info-circle',
  'mdi-menu': 'ti-menu-2',
  'mdi-view-dashboard': 'ti-layout-dashboard',
  'mdi-pencil-outline': 'ti-pencil',
  'mdi-open-in-new': 'ti-external-link',
  'mdi-content-copy': 'ti-copy',
  'mdi-format-list-bulleted': 'ti-list',
};

/** Material Design names that Tabler has under the same name. */
const sameNames = new Set(['plus', 'minus', 'check', 'pencil', 'home', 'eye', 'eye-off', 'download', 'upload', 'refresh', 'calendar', 'star', 'heart', 'bell', 'lock', 'file', 'folder', 'filter', 'logout', 'login', 'link', 'trash', 'user', 'users', 'settings', 'search', 'printer', 'clock', 'tag', 'map-pin', 'phone', 'chevron-left', 'chevron-right', 'chevron-up', 'chevron-down', 'arrow-left', 'arrow-right', 'arrow-up', 'arrow-down', 'dots-vertical', 'dots', 'share', 'send', 'photo', 'list', 'key']);

function tabler(icon: string): string {
  return tablerNames[icon] ?? `ti-${icon.slice('mdi-'.length).replace('-outline', '')}`;
}

function isIconChar(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || (char >= '0' && char <= '9') || char === '-' || char === '_';
}

/** The `mdi-*` words of a text (class lists, icon props, strings), with their offsets and whether an `mdi` class precedes them. */
function mdiWords(text: string, offset: number): { word: string; offset: number; withClass: boolean }[] {
  const found: { word: string; offset: number; withClass: boolean }[] = [];
  let previous = '';
  for (let at = 0; at < text.length; ) {
    if (!isIconChar(text[at]!)) {
      at += 1;
      continue;
    }
    const start = at;
    while (at < text.length && isIconChar(text[at]!)) at += 1;
    const word = text.slice(start, at);
    if (word.startsWith('mdi-') && word.length > 4) found.push({ word, offset: offset + start, withClass: previous === 'mdi' });
    previous = word;
  }
  return found;
}

function report(context: TemplateContext, { word, offset, withClass }: { word: string; offset: number; withClass: boolean }): Report {
  const icon = tabler(word);
  const known = word in tablerNames || sameNames.has(word.slice('mdi-'.length));
  return {
    ...offsetAt(context, offset),
    message: `\`${word}\` is a Material Design icon; stk loads Tabler icons only, so it renders as an empty box.`,
    help: `write \`ti ${icon}\` in place of \`${withClass ? `mdi ${word}` : word}\`${known ? '' : ' (check the name on tabler.io/icons)'}`,
  };
}

export const mdiIcon = templateRule({
  id: 'mdi-icon',
  group: 'icons',
  defaultSeverity: 'warning',
  docs: {
    what: 'Reports Material Design icon names (`mdi-...`) in a template: in attributes (`class`, `icon`, `prepend-icon`, ...), in the text of a `<v-icon>`, and in the strings of its scripts.',
    why: 'stk ships the Tabler icon font and configures Vuetify for it; the Material Design font is not loaded, so an `mdi-pencil` renders as an empty square or nothing at all, and the button loses its only label.',
    example: '<v-btn icon="mdi-pencil" @click="edit(item)"></v-btn>\n<v-icon>mdi-delete</v-icon>',
    fix: '<v-btn icon="ti ti-pencil" @click="edit(item)"></v-btn>\n<v-icon>ti ti-trash</v-icon>',
    language: 'html',
  },
  check(context) {
    const { template } = context.model;
    const found: Report[] = [];
    for (const element of template.elements) {
      for (const attribute of element.attributes) if (attribute.value) found.push(...mdiWords(attribute.value, attribute.valueStart).map((word) => report(context, word)));
    }
    for (const text of template.texts) {
      if (!text.parent?.name.endsWith('icon')) continue;
      found.push(...mdiWords(template.jinja.masked.slice(text.start, text.end), text.start).map((word) => report(context, word)));
    }
    for (const node of template.javascript?.rootNode.descendantsOfType('string_fragment') ?? []) {
      if (node) found.push(...mdiWords(node.text, node.startIndex).map((word) => report(context, word)));
    }
    return found;
  },
});
