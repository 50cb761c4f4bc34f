import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f,g,h,i,j}from"./chunk-IZEGJTWV.mjs";import"./chunk-NYKZN4SB.mjs";import"./chunk-V2KH4SG7.mjs";export{j as BlobStore,i as ParseCache,d as cacheDir,h as fileVersion,b as identityOf,e as readWhole,g as saveFileVersions,a as settleMs,c as sha1,f as writeWhole};
