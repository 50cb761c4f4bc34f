import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a as i,b as r}from"./chunk-GFHWYAM3.mjs";import"./chunk-DHQA44X4.mjs";import"./chunk-DWPBHYGC.mjs";import{a as t,b as e,d as a}from"./chunk-AUIC65FT.mjs";import"./chunk-3D7L2DIK.mjs";async function m(o){let s=typeof o.cwd=="string"?o.cwd:process.cwd(),n=await i(s);if(n.length===0)return t;let d=typeof o.session_id=="string"?o.session_id:"no-session";return a("session-start",d,s)?e("SessionStart",r(n,s).join(`
`)):t}export{m as shadowWarning};
