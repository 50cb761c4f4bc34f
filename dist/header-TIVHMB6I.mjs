import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c}from"./chunk-MJDRUZ2B.mjs";import"./chunk-U6PJUWEY.mjs";import"./chunk-JY5TNVZ3.mjs";import"./chunk-K6YWOIMW.mjs";import"./chunk-V2KH4SG7.mjs";export{c as parseMigrationHeader,b as readMigrationHeader,a as topLevelAssignments};
