import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-UVLWFLO5.mjs";import"./chunk-V2KH4SG7.mjs";export{b as TomlDate,a as TomlError,e as default,c as parse,d as stringify};
