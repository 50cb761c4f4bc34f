import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-CPCD5XJL.mjs";import"./chunk-KDMPFGGC.mjs";import"./chunk-V2KH4SG7.mjs";export{c as ancestors,a as fileMatchesRevision,d as pendingRevisions,e as refuseUnloadableHistory,b as revisionGraph};
