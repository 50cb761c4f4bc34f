import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a as i}from"./chunk-6THVON5P.mjs";import{createHash as a}from"node:crypto";import{existsSync as d,mkdirSync as m,writeFileSync as g}from"node:fs";import{tmpdir as f}from"node:os";import{join as s}from"node:path";var h={code:0};function c(o,t){return{code:0,stdout:`${JSON.stringify({hookSpecificOutput:{hookEventName:o,additionalContext:t}})}
`,context:t}}function y(o,t){if(o.code===0&&!o.stdout&&!o.stderr)return t;if(t.code===0&&!t.stdout&&!t.stderr)return o;let n=[o,t].filter(e=>e.code===2),r=[o,t].flatMap(e=>e.code!==2&&e.context?[e.context]:[]);return n.length>0?u([...n.map(e=>e.stderr??""),...r.map(e=>`${e}
`)].join(`
`)):c("PostToolUse",r.join(`

`))}function H(o,t,n){if(n.findings.length===0)return h;let r=`${o} ${t}:
${i(n,!1)}`;if(n.summary.errors>0)return u(`${r}Fix the errors above in ${t}; the file is checked again when you save it.
`);let e=n.summary.warnings>0?"Fix the warnings unless there is a reason not to, and tell the user which you keep and why.":"These are notes on what could not be verified or was accepted; nothing has to change.";return c("PostToolUse",`${r}${e}`)}function u(o){return{code:2,stderr:o}}function $(...o){let t=s(f(),"stk-migrate-hook"),n=s(t,a("sha1").update(o.join("\0")).digest("hex"));return d(n)?!1:(m(t,{recursive:!0}),g(n,""),!0)}export{h as a,c as b,y as c,H as d,u as e,$ as f};
