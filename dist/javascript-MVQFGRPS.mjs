import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-CVBEWCTV.mjs";import"./chunk-JY5TNVZ3.mjs";import"./chunk-V2KH4SG7.mjs";export{a as javascriptParser,d as memberName,b as parseJavaScript,e as propertyKey,c as stringValue};
