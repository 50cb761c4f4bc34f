// Shared by every page: Jinja owns {{ }}, so Vue interpolates ${ } instead.
const config = {
  delimiters: ['${', '}'],
  vuetifyConfig: {
    theme: { defaultTheme: 'light' },
  },
};
