import { code, ruleTester } from '../harness.js';

ruleTester('mdi-icon', {
  defaultSeverity: 'warning',
  valid: [
    { name: 'Tabler icons', code: code('<v-btn icon="ti ti-pencil"></v-btn>', '<v-icon>ti ti-trash</v-icon>', '<i class="ti ti-plus"></i>') },
    { name: 'mdi as part of another word', code: code('<p class="admin-panel">commdi-ty</p>') },
    { name: 'text that mentions mdi- outside an icon', code: code('<p>We moved away from mdi-icons.</p>') },
    { name: 'a Jinja expression is not an icon name', code: code('<v-icon>{{ icon_name }}</v-icon>') },
  ],
  invalid: [
    { name: 'an icon prop', code: code('<v-btn icon="mdi-pencil"></v-btn>'), lines: [1], help: 'write `ti ti-pencil` in place of `mdi-pencil`' },
    { name: 'v-icon text, mapped to the Tabler name', code: code('<div>', '  <v-icon>mdi-delete</v-icon>', '</div>'), lines: [2], help: 'write `ti ti-trash`' },
    { name: 'a class list with the mdi class', code: code('<i class="mdi mdi-account"></i>'), lines: [1], help: 'in place of `mdi mdi-account`' },
    { name: 'a bound prop and a script string', code: code('<v-list-item :prepend-icon="\'mdi-home\'"></v-list-item>', '<script>', '  const items = [{ icon: "mdi-cog" }];', '</script>'), lines: [1, 3] },
    { name: 'an unknown name asks to check it', code: code('<v-btn prepend-icon="mdi-rocket-launch"></v-btn>'), lines: [1], help: 'check the name on tabler.io/icons' },
  ],
});
