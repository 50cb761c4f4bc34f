import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
var _="828b2b5d284aeac0";export{_ as a};
