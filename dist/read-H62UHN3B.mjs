import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{b as a,c as b}from"./chunk-WLWL2LDQ.mjs";import"./chunk-LMFZNBWT.mjs";import"./chunk-FSRPERNF.mjs";import"./chunk-YXSWMRHF.mjs";import"./chunk-3D7L2DIK.mjs";export{a as readFunctionOps,b as readOperations};
