// Components every page may use; pages call registerStkComponents(app) before mounting.
function registerStkComponents(app) {
  app.component('stk-page-title', {
    props: { title: String, icon: String },
    delimiters: config.delimiters,
    template: '<div class="d-flex align-center ga-2 mb-4"><i :class="icon"></i><h1 class="text-h5">${ title }</h1></div>',
  });
}
