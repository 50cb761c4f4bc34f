import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a}from"./chunk-NJXJJEBS.mjs";import"./chunk-345IB7JH.mjs";import"./chunk-3D7L2DIK.mjs";export{a as ruleConfigOf};
