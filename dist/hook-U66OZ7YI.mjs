import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{i,j as r}from"./chunk-G3NZL3IG.mjs";import"./chunk-DWPBHYGC.mjs";import{a as t,b as e,f as a}from"./chunk-Q2BT2SKZ.mjs";import"./chunk-6THVON5P.mjs";import"./chunk-V2KH4SG7.mjs";async function m(o){let s=typeof o.cwd=="string"?o.cwd:process.cwd(),n=await i(s);if(n.length===0)return t;let d=typeof o.session_id=="string"?o.session_id:"no-session";return a("session-start",d,s)?e("SessionStart",(await r(n,s)).join(`
`)):t}export{m as shadowWarning};
