import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-Z7J2HQL6.mjs";import"./chunk-ISMHECX2.mjs";import"./chunk-EQYM5NMH.mjs";import"./chunk-KDMPFGGC.mjs";import"./chunk-V2KH4SG7.mjs";export{b as appFileKind,f as appFiles,d as followsStkConventions,e as isAppFile,c as requireAppPackage,a as templatesDir};
