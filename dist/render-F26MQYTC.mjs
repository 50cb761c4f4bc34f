import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b}from"./chunk-6THVON5P.mjs";import"./chunk-V2KH4SG7.mjs";export{a as renderFindingsText,b as renderSarif};
