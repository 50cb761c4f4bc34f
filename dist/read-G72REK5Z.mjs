import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{b as a,c as b}from"./chunk-VBJABVTA.mjs";import"./chunk-IQYG4CZU.mjs";import"./chunk-I7G3MRI2.mjs";import"./chunk-6HMWPDEN.mjs";import"./chunk-4V2ZN3PI.mjs";import"./chunk-3D7L2DIK.mjs";export{a as readFunctionOps,b as readOperations};
