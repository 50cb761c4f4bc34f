import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d}from"./chunk-LIEM7SRS.mjs";import"./chunk-PSGPOTV3.mjs";import"./chunk-NYKZN4SB.mjs";import"./chunk-V2KH4SG7.mjs";export{b as globFiles,a as isFolder,d as projectFileArgument,c as relativePath};
