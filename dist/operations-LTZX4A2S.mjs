import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{b as a,c as b}from"./chunk-VMXB2OZC.mjs";import"./chunk-PRRJKMQ7.mjs";import"./chunk-MJDRUZ2B.mjs";import"./chunk-U6PJUWEY.mjs";import"./chunk-JY5TNVZ3.mjs";import"./chunk-K6YWOIMW.mjs";import"./chunk-V2KH4SG7.mjs";export{b as operationLimitProblem,a as readMigrationOperations};
