import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-ISMHECX2.mjs";import"./chunk-EQYM5NMH.mjs";import"./chunk-KDMPFGGC.mjs";import"./chunk-V2KH4SG7.mjs";export{b as globFiles,a as isFolder,f as isRevisionFile,e as isRevisionName,g as missingScriptLocation,d as projectFileArgument,c as relativePath};
