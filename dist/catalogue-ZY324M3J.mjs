import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b}from"./chunk-NTKXFFVU.mjs";import"./chunk-4LPTHDHZ.mjs";import"./chunk-EUCN3R5Z.mjs";import"./chunk-BYI5NKXH.mjs";import"./chunk-LXF4ISU7.mjs";import"./chunk-V2KH4SG7.mjs";export{b as ruleIds,a as rules};
