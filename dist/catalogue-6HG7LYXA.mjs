import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a}from"./chunk-MUNRWLQJ.mjs";import"./chunk-V2KH4SG7.mjs";export{a as rules};
