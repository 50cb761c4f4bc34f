import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a}from"./chunk-KBLJNCHJ.mjs";import"./chunk-LZNW72RR.mjs";import"./chunk-V2KH4SG7.mjs";export{a as NodeWebSocketTransport};
