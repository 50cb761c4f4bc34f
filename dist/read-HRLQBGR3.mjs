import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{b as a,c as b}from"./chunk-RZIFP7TX.mjs";import"./chunk-FEMVMKC4.mjs";import"./chunk-JYV4V6JU.mjs";import"./chunk-YXSWMRHF.mjs";import"./chunk-3D7L2DIK.mjs";export{a as readFunctionOps,b as readOperations};
