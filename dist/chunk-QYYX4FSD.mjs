import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
function t(n){let r=new Set([...n.byRevision.values()].flatMap(i=>i.branchLabels));return[...n.byRevision.entries()].flatMap(([i,s])=>s.dependsOn.filter(e=>!n.byRevision.has(e)&&!r.has(e)).map(e=>({revision:i,file:s.file,name:e})))}export{t as a};
