import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c}from"./chunk-RDLTHETA.mjs";import"./chunk-BAQD2SNC.mjs";import"./chunk-ZRAQ6VFK.mjs";import"./chunk-V2KH4SG7.mjs";export{a as globFiles,c as projectFileArgument,b as relativePath};
