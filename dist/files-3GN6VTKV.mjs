import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c}from"./chunk-WRES54FI.mjs";import"./chunk-MCBGMFBE.mjs";import"./chunk-3D7L2DIK.mjs";export{a as globFiles,c as projectFileArgument,b as relativePath};
