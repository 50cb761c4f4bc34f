import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-JUYCFIV3.mjs";import"./chunk-KDMPFGGC.mjs";import"./chunk-V2KH4SG7.mjs";export{c as ancestors,a as fileMatchesRevision,f as mergeWords,d as pendingRevisions,e as refuseUnloadableHistory,b as revisionGraph};
