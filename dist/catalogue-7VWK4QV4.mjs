import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b}from"./chunk-2U563IXM.mjs";import"./chunk-ZU7AV6SN.mjs";import"./chunk-E4XWI4CI.mjs";import"./chunk-U6PJUWEY.mjs";import"./chunk-JY5TNVZ3.mjs";import"./chunk-K6YWOIMW.mjs";import"./chunk-V2KH4SG7.mjs";export{b as ruleIds,a as rules};
