import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a}from"./chunk-2MGLY3IZ.mjs";import"./chunk-TCBNZA6V.mjs";import"./chunk-NYKZN4SB.mjs";import"./chunk-V2KH4SG7.mjs";export{a as ruleConfigOf};
