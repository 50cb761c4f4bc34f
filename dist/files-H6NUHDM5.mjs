import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-C44I7YU5.mjs";import"./chunk-SORCJCK6.mjs";import"./chunk-6AYARZGB.mjs";import"./chunk-3FEOWN3B.mjs";import"./chunk-V2KH4SG7.mjs";export{b as appFileKind,f as appFiles,d as followsStkConventions,e as isAppFile,c as requireAppPackage,a as templatesDir};
