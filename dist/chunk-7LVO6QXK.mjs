import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
var _="419edbc0df8805d6";export{_ as a};
