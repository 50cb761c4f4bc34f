// Mixed into every page's Vue app: the sidebar and the signed-in user's menu.
const layoutMixin = {
  data() {
    return {
      drawer: true,
      navigation,
      currentPath: window.location.pathname,
    };
  },
  methods: {
    async signOut() {
      await fetch('/logout', { method: 'POST' });
      window.location.href = '/login';
    },
  },
};
