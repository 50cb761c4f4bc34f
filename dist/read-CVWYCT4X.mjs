import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c}from"./chunk-N3GVCP6E.mjs";import"./chunk-TDOOF2K6.mjs";import"./chunk-BYI5NKXH.mjs";import"./chunk-LXF4ISU7.mjs";import"./chunk-V2KH4SG7.mjs";export{a as authDecoratorNames,c as parseAppFile,b as readAppFile};
