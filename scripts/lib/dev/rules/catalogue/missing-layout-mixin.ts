import { memberValue } from '../../template/model.js';
import { offsetAt, templateRule } from '../types.js';

export const missingLayoutMixin = templateRule({
  id: 'missing-layout-mixin',
  group: 'vue',
  defaultSeverity: 'error',
  docs: {
    what: 'Reports a `createApp({...})` in a template whose options do not list `layoutMixin` in `mixins`.',
    why: 'The layout\'s navigation drawer, user menu, snackbar and theme live in `layoutMixin`; a page app without it renders its content inside a layout whose controls do nothing (the menu does not open, messages never show).',
    example: 'const app = createApp({\n  delimiters: config.delimiters,\n  data() { return { items: [] }; },\n});',
    fix: 'const app = createApp({\n  delimiters: config.delimiters,\n  mixins: [layoutMixin],\n  data() { return { items: [] }; },\n});',
    language: 'javascript',
  },
  check(context) {
    return context.model.apps.flatMap((app) => {
      if (!app.options || app.spreads) return [];
      const member = app.keys.get('mixins');
      const value = member ? memberValue(member) : undefined;
      if (value && value.type !== 'array') return [];
      if (value?.namedChildren.some((item) => item?.text === 'layoutMixin')) return [];
      return [
        {
          ...offsetAt(context, (member ?? app.call).startIndex),
          message: member ? 'The app\'s `mixins` do not include `layoutMixin`, so the layout\'s menu, drawer and messages do not work on this page.' : 'This Vue app has no `mixins: [layoutMixin]`, so the layout\'s menu, drawer and messages do not work on this page.',
          help: member ? `write \`mixins: [layoutMixin, ${value!.namedChildren.filter((item) => item && item.type !== 'comment').map((item) => item!.text).join(', ')}]\`` : 'add `mixins: [layoutMixin],` to the app options',
        },
      ];
    });
  },
});
