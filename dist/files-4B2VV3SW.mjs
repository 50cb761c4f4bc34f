import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d}from"./chunk-5SJTSN4X.mjs";import"./chunk-LGZTBCQ2.mjs";import"./chunk-T4Z4UUV5.mjs";import"./chunk-V2KH4SG7.mjs";export{b as globFiles,a as isFolder,d as projectFileArgument,c as relativePath};
