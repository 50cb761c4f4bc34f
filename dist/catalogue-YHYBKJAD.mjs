import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{g as a,h as b}from"./chunk-HJV2IKLV.mjs";import"./chunk-VFNKMMTJ.mjs";import"./chunk-EUCN3R5Z.mjs";import"./chunk-MZHYIXTL.mjs";import"./chunk-6HMWPDEN.mjs";import"./chunk-4V2ZN3PI.mjs";import"./chunk-3D7L2DIK.mjs";export{b as ruleIds,a as rules};
