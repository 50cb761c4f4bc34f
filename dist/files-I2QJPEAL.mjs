import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-FLVA3L4P.mjs";import"./chunk-EQYM5NMH.mjs";import"./chunk-KDMPFGGC.mjs";import"./chunk-V2KH4SG7.mjs";export{b as globFiles,a as isFolder,f as isRevisionFile,e as isRevisionName,d as projectFileArgument,c as relativePath};
