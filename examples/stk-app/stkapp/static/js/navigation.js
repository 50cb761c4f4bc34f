// The sidebar: one entry per admin section.
const navigation = [
  { title: 'Users', icon: 'ti ti-users', to: '/users/' },
  { title: 'Posts', icon: 'ti ti-article', to: '/posts/' },
];
