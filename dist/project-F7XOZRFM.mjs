import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{d as a,e as b}from"./chunk-EUSXYPXH.mjs";import"./chunk-ORJ6P6R3.mjs";import"./chunk-D3H5LWBD.mjs";import"./chunk-UVLWFLO5.mjs";import"./chunk-EBLS5OOM.mjs";import"./chunk-345IB7JH.mjs";import"./chunk-3D7L2DIK.mjs";export{b as discoverProject,a as findRoot};
