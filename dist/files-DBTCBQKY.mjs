import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d}from"./chunk-JXWKOFR4.mjs";import"./chunk-C4AA6OAK.mjs";import"./chunk-V2KH4SG7.mjs";export{b as globFiles,a as isFolder,d as projectFileArgument,c as relativePath};
