import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{b as a}from"./chunk-PE7UTEFR.mjs";import"./chunk-634TH5WK.mjs";import"./chunk-TMSWKTHP.mjs";import"./chunk-HVIRSY2D.mjs";import"./chunk-LXF4ISU7.mjs";import"./chunk-V2KH4SG7.mjs";export{a as readMigrationOperations};
