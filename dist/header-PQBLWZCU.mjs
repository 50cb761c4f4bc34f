import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c}from"./chunk-JYV4V6JU.mjs";import"./chunk-YXSWMRHF.mjs";import"./chunk-3D7L2DIK.mjs";export{c as parseMigrationHeader,b as readMigrationHeader,a as topLevelAssignments};
