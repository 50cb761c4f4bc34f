import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{c as a,d as b}from"./chunk-W7BBL3D3.mjs";import"./chunk-D3H5LWBD.mjs";import"./chunk-HLD5VRKJ.mjs";import"./chunk-EBLS5OOM.mjs";import"./chunk-345IB7JH.mjs";import"./chunk-3D7L2DIK.mjs";export{b as discoverProject,a as findRoot};
