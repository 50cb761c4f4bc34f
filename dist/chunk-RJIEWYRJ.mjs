import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
var _="da0814a37a5fd56e";export{_ as a};
