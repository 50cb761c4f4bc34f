import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
function f(i,r,e,n=!1){let t=e[i];if(t!=="off")return n||!t?r:t}function o(i,r){return i.flatMap(e=>{let n=f(e.rule,e.severity,r);return n?[{...e,severity:n}]:[]})}export{f as a,o as b};
