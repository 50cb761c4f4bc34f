import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
var e="24.43.1";export{e as a};
