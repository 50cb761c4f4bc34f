import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c}from"./chunk-UWTOU5GO.mjs";import"./chunk-E7DYSZSY.mjs";import"./chunk-HVIRSY2D.mjs";import"./chunk-LXF4ISU7.mjs";import"./chunk-V2KH4SG7.mjs";export{a as authDecoratorNames,c as parseAppFile,b as readAppFile};
