import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a as s}from"./chunk-6THVON5P.mjs";import{createHash as u}from"node:crypto";import{existsSync as m,mkdirSync as d,readdirSync as f,rmSync as g,statSync as h,writeFileSync as p}from"node:fs";import{tmpdir as l}from"node:os";import{join as i}from"node:path";var k={code:0};function c(o,t){return{code:0,stdout:`${JSON.stringify({hookSpecificOutput:{hookEventName:o,additionalContext:t}})}
`,context:t}}function b(o,t){if(o.code===0&&!o.stdout&&!o.stderr)return t;if(t.code===0&&!t.stdout&&!t.stderr)return o;let e=[o,t].filter(n=>n.code===2),r=[o,t].flatMap(n=>n.code!==2&&n.context?[n.context]:[]);return e.length>0?a([...e.map(n=>n.stderr??""),...r.map(n=>`${n}
`)].join(`
`)):c("PostToolUse",r.join(`

`))}function F(o,t,e){if(e.findings.length===0)return k;let r=`${o} ${t}:
${s(e,!1)}`;if(e.summary.errors>0)return a(`${r}Fix the errors above in ${t}; the file is checked again when you save it.
`);let n=e.summary.warnings>0?"Fix the warnings unless there is a reason not to, and tell the user which you keep and why.":"These are notes on what could not be verified or was accepted; nothing has to change.";return c("PostToolUse",`${r}${n}`)}function a(o){return{code:2,stderr:o}}function v(...o){let t=i(l(),"stk-migrate-hook"),e=i(t,u("sha1").update(o.join("\0")).digest("hex"));return m(e)?!1:(d(t,{recursive:!0}),p(e,""),y(t),!0)}var x=7;function y(o){let t=Date.now()-x*24*3600*1e3;try{for(let e of f(o)){let r=i(o,e);(h(r,{throwIfNoEntry:!1})?.mtimeMs??1/0)<t&&g(r,{force:!0})}}catch{}}export{k as a,c as b,b as c,F as d,a as e,v as f};
