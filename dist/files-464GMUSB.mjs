import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-4EH4WAHA.mjs";import"./chunk-CQMUNLOC.mjs";import"./chunk-TCBNZA6V.mjs";import"./chunk-NYKZN4SB.mjs";import"./chunk-V2KH4SG7.mjs";export{b as appFileKind,f as appFiles,d as followsStkConventions,e as isAppFile,c as requireAppPackage,a as templatesDir};
