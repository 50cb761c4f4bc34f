import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{c as a,d as b}from"./chunk-NIDQGWZX.mjs";import"./chunk-ZIM37FCY.mjs";import"./chunk-EUCN3R5Z.mjs";import"./chunk-2W4PP7KN.mjs";import"./chunk-AGBT7TDQ.mjs";import"./chunk-6HMWPDEN.mjs";import"./chunk-4V2ZN3PI.mjs";import"./chunk-3D7L2DIK.mjs";export{b as ruleIds,a as rules};
