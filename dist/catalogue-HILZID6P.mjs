import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b}from"./chunk-7NHYRV7W.mjs";import"./chunk-4LPTHDHZ.mjs";import"./chunk-EUCN3R5Z.mjs";import"./chunk-6HMWPDEN.mjs";import"./chunk-4V2ZN3PI.mjs";import"./chunk-3D7L2DIK.mjs";export{b as ruleIds,a as rules};
