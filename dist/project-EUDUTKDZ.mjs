import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{c as a,d as b}from"./chunk-5HMORV7W.mjs";import"./chunk-D3H5LWBD.mjs";import"./chunk-JQ7A4K4N.mjs";import"./chunk-345IB7JH.mjs";import"./chunk-N4X4UJUU.mjs";import"./chunk-3D7L2DIK.mjs";export{b as discoverProject,a as findRoot};
