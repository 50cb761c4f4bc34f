import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{g as a,h as b}from"./chunk-SEFINKLF.mjs";import"./chunk-VFNKMMTJ.mjs";import"./chunk-TDOOF2K6.mjs";import"./chunk-K6GZJQTN.mjs";import"./chunk-EUCN3R5Z.mjs";import"./chunk-BYI5NKXH.mjs";import"./chunk-LXF4ISU7.mjs";import"./chunk-V2KH4SG7.mjs";export{b as ruleIds,a as rules};
