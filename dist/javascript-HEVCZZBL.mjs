import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-MZHYIXTL.mjs";import"./chunk-4V2ZN3PI.mjs";import"./chunk-3D7L2DIK.mjs";export{a as javascriptParser,d as memberName,b as parseJavaScript,e as propertyKey,c as stringValue};
