import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-J4CNGA7W.mjs";import"./chunk-EBLS5OOM.mjs";import"./chunk-345IB7JH.mjs";import"./chunk-3D7L2DIK.mjs";export{b as appFileKind,e as appFiles,d as isAppFile,c as requireAppPackage,a as templatesDir};
