import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b}from"./chunk-6THVON5P.mjs";import"./chunk-3D7L2DIK.mjs";export{a as renderFindingsText,b as renderSarif};
