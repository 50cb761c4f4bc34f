import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a as e,b as i,d as r,e as p}from"./chunk-UVPYCH5E.mjs";import"./chunk-V2KH4SG7.mjs";var f=(o,t,m)=>p(o,t,m,r);export{e as Parser,f as applyExtends,i as hideBin};
