import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{c as a,d as b}from"./chunk-YG56DRF2.mjs";import"./chunk-QDB77TUL.mjs";import"./chunk-FEMVMKC4.mjs";import"./chunk-AGBT7TDQ.mjs";import"./chunk-YXSWMRHF.mjs";import"./chunk-3D7L2DIK.mjs";export{b as ruleIds,a as rules};
