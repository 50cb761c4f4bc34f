#!/usr/bin/env node
import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a as s,e as t}from"./chunk-WP2OFDWD.mjs";import"./chunk-3D7L2DIK.mjs";var e={context:()=>import("./context-NPPRZHC3.mjs"),new:()=>import("./new-MDM4U6SI.mjs"),check:()=>import("./check-UUE7U6P5.mjs")};async function d(m){let[n,...i]=m;if(!n||n==="--help"||n==="-h"||n==="help"){let o=["Usage: stk-migrate <command> [options]","","Commands:"];for(let[a,c]of Object.entries(e))o.push(`  ${a.padEnd(10)} ${(await c()).spec.summary.split(". ")[0]}.`);return o.push("","Run `stk-migrate <command> --help` for the options of one command.",""),process.stdout.write(o.join(`
`)),n?0:2}if(n==="--version")return process.stdout.write(`stk-migrate 0.1.0
`),0;let r=e[n];if(!r)throw new s(`unknown command '${n}'; commands: ${Object.keys(e).join(", ")} (see stk-migrate --help)`);return(await r()).run(i)}t("",()=>d(process.argv.slice(2)));
