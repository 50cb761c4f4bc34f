import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a as c,b as d}from"./chunk-H7LREQYZ.mjs";import{a,c as b}from"./chunk-CGF3G3LF.mjs";import"./chunk-U6PJUWEY.mjs";import"./chunk-JY5TNVZ3.mjs";import"./chunk-K6YWOIMW.mjs";import"./chunk-V2KH4SG7.mjs";export{a as collectTables,b as declaresModels,d as parseModelFile,c as readModelFile};
