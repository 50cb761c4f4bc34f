import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b}from"./chunk-N4X4UJUU.mjs";import"./chunk-3D7L2DIK.mjs";export{a as globFiles,b as relativePath};
