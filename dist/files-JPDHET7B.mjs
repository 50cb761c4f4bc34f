import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-AR3EQ4N7.mjs";import"./chunk-WRES54FI.mjs";import"./chunk-MCBGMFBE.mjs";import"./chunk-3D7L2DIK.mjs";export{b as appFileKind,f as appFiles,d as followsStkConventions,e as isAppFile,c as requireAppPackage,a as templatesDir};
