import type { ApiNames } from '../api/names.js';
import { dictColumns, writableColumns } from '../api/draft/model-methods.js';
import type { ModelClass } from '../models/classes.js';
import type { ModelColumn } from '../models/parse.js';

function label(column: string): string {
  const words = column.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function field(column: ModelColumn): string {
  const model = `v-model="editedItem.${column.name}"`;
  const text = label(column.name);
  switch (column.type) {
    case 'Boolean':
      return `<v-switch ${model} label="${text}" color="primary"></v-switch>`;
    case 'Text':
    case 'JSON':
      return `<v-textarea ${model} label="${text}"></v-textarea>`;
    case 'Integer':
    case 'BigInteger':
    case 'SmallInteger':
    case 'Numeric':
    case 'Float':
      return `<v-text-field ${model} label="${text}" type="number"></v-text-field>`;
    default:
      return `<v-text-field ${model} label="${text}"></v-text-field>`;
  }
}

/**
 * The admin page of a model in stk's conventions: extends the layout, a Vue 3 Options-API app with `layoutMixin`,
 * `${ }` delimiters and `registerStkComponents(app)` before it mounts, a `v-data-table-server` fed by the list
 * endpoint, and a dialog that posts `{item: ...}` to the create and update endpoints. Tabler icons only.
 */
export function pageTemplate(model: ModelClass, names: ApiNames, layout: string): string {
  const route = (kind: string) => names.routes.find((item) => item.kind === kind)!.rule;
  const title = label(names.plural);
  const singular = names.words;
  const primary = model.columns.find((column) => column.primaryKey)?.name ?? 'id';
  const shown = dictColumns(model).filter((column) => !column.primaryKey);
  const editable = writableColumns(model);
  const headline = shown.find((column) => column.type === 'String' || column.type === 'Text')?.name ?? primary;
  const headers = [...shown.map((column) => `        { title: '${label(column.name)}', key: '${column.name}' },`), "        { title: '', key: 'actions', sortable: false, align: 'end' },"];
  const itemUrl = route('update').replace(/<[^>]+>$/, '');
  return `{% extends "${layout}" %}
{% block title %}${title}{% endblock %}
{% block content %}
<v-container fluid>
  <stk-page-title title="${title}" icon="ti ti-list"></stk-page-title>
  <v-card>
    <v-card-text class="d-flex ga-4 align-center">
      <v-text-field v-model="search" label="Search" density="compact" hide-details clearable @update:model-value="reload"></v-text-field>
      <v-btn color="primary" @click="newItem"><i class="ti ti-plus me-2"></i>Add</v-btn>
    </v-card-text>
    <v-data-table-server
      :headers="headers"
      :items="items"
      :items-length="total"
      :items-per-page="perPage"
      :loading="loading"
      item-value="${primary}"
      @update:options="load"
    >
      <template #item.actions="{ item }">
        <v-btn size="small" variant="text" @click="edit(item)"><i class="ti ti-pencil"></i></v-btn>
        <v-btn size="small" variant="text" color="error" @click="remove(item)"><i class="ti ti-trash"></i></v-btn>
      </template>
    </v-data-table-server>
  </v-card>
  <v-alert v-if="message" class="mt-4" type="info" closable>\${ message }</v-alert>

  <v-dialog v-model="dialog" max-width="520">
    <v-card :title="editedItem.${primary} ? 'Edit ${singular}' : 'New ${singular}'">
      <v-card-text>
${editable.map((column) => `        ${field(column)}`).join('\n')}
      </v-card-text>
      <v-card-actions>
        <v-spacer></v-spacer>
        <v-btn @click="dialog = false">Cancel</v-btn>
        <v-btn color="primary" @click="save">Save</v-btn>
      </v-card-actions>
    </v-card>
  </v-dialog>
</v-container>
{% endblock %}
{% block js %}
<script>
const { createApp, toRaw } = Vue;
const { createVuetify } = Vuetify;

const app = createApp({
  mixins: [layoutMixin],
  delimiters: config.delimiters,
  data() {
    return {
      items: [],
      total: 0,
      perPage: 25,
      options: { page: 1, itemsPerPage: 25 },
      loading: false,
      search: '',
      message: '',
      dialog: false,
      editedItem: {},
      headers: [
${headers.join('\n')}
      ],
    };
  },
  methods: {
    async load(options) {
      this.options = options || this.options;
      this.loading = true;
      const params = new URLSearchParams({ page: this.options.page, per_page: this.options.itemsPerPage, search: this.search || '' });
      try {
        const response = await fetch(\`${route('list')}?\${params}\`);
        const data = await response.json();
        if (!response.ok) throw new Error(data.message || response.statusText);
        this.items = data.items;
        this.total = data.total;
        this.perPage = data.perPage;
      } catch (error) {
        this.message = \`Could not load the ${names.plural.replaceAll('_', ' ')}: \${error.message}\`;
      } finally {
        this.loading = false;
      }
    },
    reload() {
      this.load({ ...this.options, page: 1 });
    },
    newItem() {
      this.editedItem = {};
      this.dialog = true;
    },
    edit(item) {
      this.editedItem = { ...toRaw(item) };
      this.dialog = true;
    },
    async save() {
      const url = this.editedItem.${primary} ? \`${itemUrl}\${this.editedItem.${primary}}\` : '${route('create')}';
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ item: toRaw(this.editedItem) }),
      });
      this.message = (await response.json()).message;
      this.dialog = false;
      this.load();
    },
    async remove(item) {
      if (!confirm(\`Delete \${item.${headline}}?\`)) return;
      const response = await fetch(\`${itemUrl}\${item.${primary}}\`, { method: 'DELETE' });
      this.message = (await response.json()).message;
      this.load();
    },
  },
});

registerStkComponents(app);
app.use(createVuetify(config.vuetifyConfig)).mount('#app');
</script>
{% endblock %}
`;
}
