import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
var _="3bca95c7879b5b2c";export{_ as a};
