import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a}from"./chunk-FLA6HE4L.mjs";import"./chunk-BAQD2SNC.mjs";import"./chunk-ZRAQ6VFK.mjs";import"./chunk-V2KH4SG7.mjs";export{a as ruleConfigOf};
