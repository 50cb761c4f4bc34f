import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b}from"./chunk-QQ546F56.mjs";import"./chunk-V2KH4SG7.mjs";export{a as modelFileFindings,b as unreadableModelFiles};
