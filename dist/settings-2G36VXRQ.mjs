import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c}from"./chunk-G3KDFEOT.mjs";import"./chunk-BYI5NKXH.mjs";import"./chunk-LXF4ISU7.mjs";import"./chunk-V2KH4SG7.mjs";export{b as evaluateRecipe,a as readSettingsUrls,c as recipeVariables};
