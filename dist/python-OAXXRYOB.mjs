import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c,d,e,f,g,h,i}from"./chunk-6HMWPDEN.mjs";import"./chunk-4V2ZN3PI.mjs";import"./chunk-3D7L2DIK.mjs";export{g as callParts,i as docstring,f as dottedName,c as firstSyntaxProblem,h as lastName,e as literal,b as parsePython,d as position,a as pythonParser};
