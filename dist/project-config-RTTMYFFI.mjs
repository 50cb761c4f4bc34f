import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a}from"./chunk-IOVBAZBY.mjs";import"./chunk-EQYM5NMH.mjs";import"./chunk-KDMPFGGC.mjs";import"./chunk-V2KH4SG7.mjs";export{a as ruleConfigOf};
