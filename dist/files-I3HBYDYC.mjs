import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-4MIZB246.mjs";import"./chunk-5SJTSN4X.mjs";import"./chunk-LGZTBCQ2.mjs";import"./chunk-T4Z4UUV5.mjs";import"./chunk-V2KH4SG7.mjs";export{b as appFileKind,f as appFiles,d as followsStkConventions,e as isAppFile,c as requireAppPackage,a as templatesDir};
