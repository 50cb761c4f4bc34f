import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{b as a,c as b}from"./chunk-T336WGMP.mjs";import"./chunk-I6PLFRGM.mjs";import"./chunk-LS3VKFL3.mjs";import"./chunk-BYI5NKXH.mjs";import"./chunk-LXF4ISU7.mjs";import"./chunk-V2KH4SG7.mjs";export{b as operationLimitProblem,a as readMigrationOperations};
