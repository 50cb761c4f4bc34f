import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a}from"./chunk-3E3MHS27.mjs";import"./chunk-LGZTBCQ2.mjs";import"./chunk-T4Z4UUV5.mjs";import"./chunk-V2KH4SG7.mjs";export{a as ruleConfigOf};
