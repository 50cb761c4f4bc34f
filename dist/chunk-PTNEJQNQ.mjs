import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{d as e}from"./chunk-RIP62DSQ.mjs";function a(r){switch(r){case"chrome":return e.STABLE;case"chrome-dev":return e.DEV;case"chrome-beta":return e.BETA;case"chrome-canary":return e.CANARY}}export{a};
