import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
var o={bytes:1048576,depth:1e3,operations:5e3,parseMilliseconds:5e3};function n(e){return e>=1024*1024?`${(e/1024/1024).toFixed(1)} MB`:`${Math.ceil(e/1024)} KB`}function r(e,t={line:1,column:1}){return{...t,message:`too large to check: ${e}`,kind:"limit"}}export{o as a,n as b,r as c};
