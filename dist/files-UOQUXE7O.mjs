import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-A3KOPMTE.mjs";import"./chunk-4OKNHY4X.mjs";import"./chunk-BAQD2SNC.mjs";import"./chunk-ZRAQ6VFK.mjs";import"./chunk-V2KH4SG7.mjs";export{b as appFileKind,f as appFiles,d as followsStkConventions,e as isAppFile,c as requireAppPackage,a as templatesDir};
