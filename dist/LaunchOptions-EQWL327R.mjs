import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a}from"./chunk-PTNEJQNQ.mjs";import"./chunk-RIP62DSQ.mjs";import"./chunk-3R6ENKIO.mjs";import"./chunk-V2KH4SG7.mjs";export{a as convertPuppeteerChannelToBrowsersChannel};
