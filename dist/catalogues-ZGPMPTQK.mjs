import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b}from"./chunk-JRV6U5VQ.mjs";import"./chunk-V2KH4SG7.mjs";export{b as allRuleIds,a as catalogues};
