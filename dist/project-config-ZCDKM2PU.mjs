import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a}from"./chunk-XOVEVGD2.mjs";import"./chunk-MCBGMFBE.mjs";import"./chunk-3D7L2DIK.mjs";export{a as ruleConfigOf};
