import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a as n,b as i}from"./chunk-6THVON5P.mjs";async function m(e,r,o,s,d){if(e==="json")return`${JSON.stringify(r,null,2)}
`;if(e==="sarif"){let a=(await o()).map(t=>({id:t.id,defaultSeverity:t.defaultSeverity,summary:t.docs.what,fix:t.docs.fix}));return i(r,a,"0.1.0")}return`${s}
${n(r,d)}`}function p(e,r){return`checked ${e.length} file${e.length===1?"":"s"} (${r})`}export{m as a,p as b};
