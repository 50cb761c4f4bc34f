import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
function t(n){let r=e=>n.filter(i=>i.severity===e).length;return{findings:n,summary:{errors:r("error"),warnings:r("warning"),infos:r("info")}}}export{t as a};
