import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a,b,c}from"./chunk-7WBGLILY.mjs";import"./chunk-6HMWPDEN.mjs";import"./chunk-4V2ZN3PI.mjs";import"./chunk-3D7L2DIK.mjs";export{b as evaluateRecipe,a as readSettingsUrls,c as recipeVariables};
