import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
var _="3914d13c4d97614a";export{_ as a};
