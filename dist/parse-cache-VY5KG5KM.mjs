import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-S45WN7DV.mjs";import"./chunk-3FEOWN3B.mjs";import"./chunk-V2KH4SG7.mjs";export{f as BlobStore,e as ParseCache,b as cacheDir,d as fileVersion,c as saveFileVersions,a as sha1};
