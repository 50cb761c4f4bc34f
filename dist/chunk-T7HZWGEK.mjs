import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
var _="2d004048cb15eac3";export{_ as a};
