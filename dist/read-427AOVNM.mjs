import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c}from"./chunk-J2W6RZR3.mjs";import"./chunk-Z3NRXSQK.mjs";import"./chunk-6HMWPDEN.mjs";import"./chunk-4V2ZN3PI.mjs";import"./chunk-3D7L2DIK.mjs";export{a as authDecoratorNames,c as parseAppFile,b as readAppFile};
