import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-BRBCLBAP.mjs";import"./chunk-KDMPFGGC.mjs";import"./chunk-V2KH4SG7.mjs";export{g as BlobStore,f as ParseCache,c as cacheDir,e as fileVersion,d as saveFileVersions,a as settledBefore,b as sha1};
