import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-ZRAQ6VFK.mjs";import"./chunk-V2KH4SG7.mjs";export{b as UnreadableError,a as UsageError,f as ignoreClosedPipes,c as readBytes,d as readFolder,e as readFolderEntries};
