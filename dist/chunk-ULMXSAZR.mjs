import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
var _="00412f36fed63a6b";export{_ as a};
