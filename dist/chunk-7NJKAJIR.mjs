import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
var _="e5c37680a939339d";export{_ as a};
