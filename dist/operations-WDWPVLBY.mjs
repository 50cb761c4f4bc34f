import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{b as a}from"./chunk-23MDSRSJ.mjs";import"./chunk-LS3VKFL3.mjs";import"./chunk-I6PLFRGM.mjs";import"./chunk-BYI5NKXH.mjs";import"./chunk-LXF4ISU7.mjs";import"./chunk-V2KH4SG7.mjs";export{a as readMigrationOperations};
