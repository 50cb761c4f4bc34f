import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a as je}from"./chunk-CCHDVCSI.mjs";import"./chunk-C5RHM4HS.mjs";import{b as ve}from"./chunk-ZA2HLLLS.mjs";import{a as $e}from"./chunk-GYXT4VHT.mjs";import{f as ke}from"./chunk-SFAJZYCB.mjs";import{a as b,b as j,c as x,d as A,e as Se,f as O,h as be}from"./chunk-N6D63LXY.mjs";import{a as le}from"./chunk-3D2O2Q72.mjs";import"./chunk-UFODU5YG.mjs";import{a as me,b as ge}from"./chunk-XY5QBP36.mjs";import{b as ye,c as we,d as N}from"./chunk-54T7MJP7.mjs";import{a as ue,b as he}from"./chunk-IJJ7M6E6.mjs";import{a as S}from"./chunk-Z2G6QZCT.mjs";import{c as ce}from"./chunk-FJ3WVKYF.mjs";import{c as pe,d as F,i as fe}from"./chunk-7CKHPPUF.mjs";import{a as de}from"./chunk-L3P6INVS.mjs";import"./chunk-4MIZB246.mjs";import{a as ne}from"./chunk-7YNG7MAP.mjs";import{a as ie,b as oe}from"./chunk-M6Q35CLX.mjs";import{k as ae}from"./chunk-5WK762DA.mjs";import{a as se}from"./chunk-R7UGJ4QN.mjs";import"./chunk-RJIEWYRJ.mjs";import"./chunk-3E3MHS27.mjs";import"./chunk-3M63G7LV.mjs";import"./chunk-7IGS5YJW.mjs";import{b as E}from"./chunk-4LPTHDHZ.mjs";import{c as te,g as re}from"./chunk-C5TMPLKU.mjs";import"./chunk-CVBEWCTV.mjs";import"./chunk-LSTMTDJM.mjs";import"./chunk-R67ZKYOY.mjs";import"./chunk-JURCDLL4.mjs";import"./chunk-NMEYEMWD.mjs";import{f as k}from"./chunk-DME5PMHC.mjs";import{c as C}from"./chunk-HELM5WQX.mjs";import{a as Z}from"./chunk-H2QH5WB4.mjs";import{b as Q}from"./chunk-H7LREQYZ.mjs";import"./chunk-NOAJ2EOC.mjs";import"./chunk-KVW2X6XO.mjs";import"./chunk-OAE2B3X6.mjs";import"./chunk-B44U2LVJ.mjs";import"./chunk-7BP5UBMT.mjs";import"./chunk-5NOJZGC3.mjs";import"./chunk-4YTRW3DE.mjs";import{c as X}from"./chunk-MJDRUZ2B.mjs";import"./chunk-7ZR4FCWJ.mjs";import"./chunk-SRXPPUXI.mjs";import"./chunk-ZIM37FCY.mjs";import"./chunk-EUCN3R5Z.mjs";import"./chunk-AVQ6LA7R.mjs";import"./chunk-6QIA5DCJ.mjs";import"./chunk-PRRJKMQ7.mjs";import{c as K}from"./chunk-U6PJUWEY.mjs";import"./chunk-JY5TNVZ3.mjs";import"./chunk-K6YWOIMW.mjs";import{a as ee}from"./chunk-6THVON5P.mjs";import"./chunk-UVLWFLO5.mjs";import"./chunk-23T2IYAH.mjs";import{c as z}from"./chunk-5SJTSN4X.mjs";import{a as L,b as U,c as J,g as V,h as Y}from"./chunk-LGZTBCQ2.mjs";import"./chunk-JXM4WKIG.mjs";import{a as w}from"./chunk-T4Z4UUV5.mjs";import"./chunk-V2KH4SG7.mjs";import{mkdtempSync as Je,readFileSync as _e,rmSync as Ve}from"node:fs";import{tmpdir as Ye}from"node:os";import{join as g}from"node:path";import{existsSync as Pe,readFileSync as B}from"node:fs";import{join as v}from"node:path";function R(e){let t=e.replaceAll("_"," ");return t.charAt(0).toUpperCase()+t.slice(1)}function Ie(e){let t=`v-model="editedItem.${e.name}"`,s=R(e.name);switch(e.type){case"Boolean":return`<v-switch ${t} label="${s}" color="primary"></v-switch>`;case"Text":case"JSON":return`<v-textarea ${t} label="${s}"></v-textarea>`;case"Integer":case"BigInteger":case"SmallInteger":case"Numeric":case"Float":return`<v-text-field ${t} label="${s}" type="number"></v-text-field>`;default:return`<v-text-field ${t} label="${s}"></v-text-field>`}}function xe(e,t,s){let r=p=>t.routes.find(f=>f.kind===p).rule,i=R(t.plural),o=t.words,a=e.columns.find(p=>p.primaryKey)?.name??"id",n=ue(e).filter(p=>!p.primaryKey),d=he(e),c=n.find(p=>p.type==="String"||p.type==="Text")?.name??a,l=[...n.map(p=>`        { title: '${R(p.name)}', key: '${p.name}' },`),"        { title: '', key: 'actions', sortable: false, align: 'end' },"],h=r("update").replace(/<[^>]+>$/,"");return`{% extends "${s}" %}
{% block title %}${i}{% endblock %}
{% block content %}
<v-container fluid>
  <stk-page-title title="${i}" icon="ti ti-list"></stk-page-title>
  <v-card>
    <v-card-text class="d-flex ga-4 align-center">
      <v-text-field v-model="search" label="Search" density="compact" hide-details clearable @update:model-value="reload"></v-text-field>
      <v-btn color="primary" @click="newItem"><i class="ti ti-plus me-2"></i>Add</v-btn>
    </v-card-text>
    <v-data-table-server
      :headers="headers"
      :items="items"
      :items-length="total"
      :items-per-page="perPage"
      :loading="loading"
      item-value="${a}"
      @update:options="load"
    >
      <template #item.actions="{ item }">
        <v-btn size="small" variant="text" @click="edit(item)"><i class="ti ti-pencil"></i></v-btn>
        <v-btn size="small" variant="text" color="error" @click="remove(item)"><i class="ti ti-trash"></i></v-btn>
      </template>
    </v-data-table-server>
  </v-card>
  <v-alert v-if="message" class="mt-4" type="info" closable>\${ message }</v-alert>

  <v-dialog v-model="dialog" max-width="520">
    <v-card :title="editedItem.${a} ? 'Edit ${o}' : 'New ${o}'">
      <v-card-text>
${d.map(p=>`        ${Ie(p)}`).join(`
`)}
      </v-card-text>
      <v-card-actions>
        <v-spacer></v-spacer>
        <v-btn @click="dialog = false">Cancel</v-btn>
        <v-btn color="primary" @click="save">Save</v-btn>
      </v-card-actions>
    </v-card>
  </v-dialog>
</v-container>
{% endblock %}
{% block js %}
<script>
const { createApp, toRaw } = Vue;
const { createVuetify } = Vuetify;

const app = createApp({
  mixins: [layoutMixin],
  delimiters: config.delimiters,
  data() {
    return {
      items: [],
      total: 0,
      perPage: 25,
      options: { page: 1, itemsPerPage: 25 },
      loading: false,
      search: '',
      message: '',
      dialog: false,
      editedItem: {},
      headers: [
${l.join(`
`)}
      ],
    };
  },
  methods: {
    async load(options) {
      this.options = options || this.options;
      this.loading = true;
      const params = new URLSearchParams({ page: this.options.page, per_page: this.options.itemsPerPage, search: this.search || '' });
      try {
        const response = await fetch(\`${r("list")}?\${params}\`);
        const data = await response.json();
        if (!response.ok) throw new Error(data.message || response.statusText);
        this.items = data.items;
        this.total = data.total;
        this.perPage = data.perPage;
      } catch (error) {
        this.message = \`Could not load the ${t.plural.replaceAll("_"," ")}: \${error.message}\`;
      } finally {
        this.loading = false;
      }
    },
    reload() {
      this.load({ ...this.options, page: 1 });
    },
    newItem() {
      this.editedItem = {};
      this.dialog = true;
    },
    edit(item) {
      this.editedItem = { ...toRaw(item) };
      this.dialog = true;
    },
    async save() {
      const url = this.editedItem.${a} ? \`${h}\${this.editedItem.${a}}\` : '${r("create")}';
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ item: toRaw(this.editedItem) }),
      });
      this.message = (await response.json()).message;
      this.dialog = false;
      this.load();
    },
    async remove(item) {
      if (!confirm(\`Delete \${item.${c}}?\`)) return;
      const response = await fetch(\`${h}\${item.${a}}\`, { method: 'DELETE' });
      this.message = (await response.json()).message;
      this.load();
    },
  },
});

registerStkComponents(app);
app.use(createVuetify(config.vuetifyConfig)).mount('#app');
</script>
{% endblock %}
`}async function Ce(e){let t={base:{module:`${e.pkg}.extensions`,name:"Base"},decorator:null};for(let s of e.api.models){let r=await K(B(v(e.project.root,s.file),"utf8"));try{let i=te(r.rootNode,s.file),o=s.bases.filter(l=>i[l]?.includes(".")),a=o.find(l=>l==="Base"||/(Base|Model)$/.test(l))??o[0];if(!a)continue;let n=i[a],d=r.rootNode.descendantsOfType("class_definition").find(l=>l?.childForFieldName("name")?.text===s.name),c=d?re(d).find(l=>l.text.includes("dataclass"))?.text??null:null;return{base:{module:n.slice(0,n.lastIndexOf(".")),name:n.slice(n.lastIndexOf(".")+1)},decorator:c}}finally{r.delete()}}return t}function Ee(e,t,s){return`${s?.startsWith("@dataclasses.")?`import dataclasses
`:s?.startsWith("@dataclass")?`from dataclasses import dataclass
`:""}from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, String

from ${t.module} import ${t.name}


${s?`${s}
`:""}class ${e.model}(${t.name}):
    __tablename__ = "${e.table}"

    id = Column(Integer, primary_key=True)
    name = Column(String(255), nullable=False)
    created_at = Column(DateTime, default=datetime.now, nullable=False)
`}function Fe(e,t){return`from quart import Blueprint

from ${t} import auth_required, roles_required

${e.variable} = Blueprint("${e.blueprint}", __name__)


@${e.variable}.before_request
@auth_required("session")
@roles_required("admin")
async def before_request():
    pass
`}function Ne(e){let t=v(e.project.root,e.pkg,"templates");return Pe(v(t,"layout.html"))?"layout.html":Pe(v(t,"base.html"))?"base.html":"layout.html"}async function D(e,t){let s=[];if(!e.registration)throw new w("no place registers blueprints in the app (app.register_blueprint(...) calls); register one by hand first, then scaffold");let r=await Ce(e),i=`${t.folder}/models.py`,o=`${t.folder}/views.py`,a=new Map([[i,Ee(t,r.base,r.decorator)],[o,Fe(t,e.api.authModule)]]),[n,d]=await Promise.all([Q(a.get(i),i),ce(a.get(o),o)]),c=pe([n]).find(u=>u.name===t.model);if(!c)throw new Error(`the drafted model ${t.model} could not be read back`);let l=[...e.api.files,d],h={...e.api,models:[...e.api.models,c],files:l,app:de(l)},p=u=>a.get(u)??B(v(e.project.root,u),"utf8"),f=await ge(h,t.model,{read:p});if(f.report.status==="refused")throw new w(f.report.refused??"api-new refused");for(let u of f.previews)a.set(u.file,u.after);s.push(...f.report.notes);let y=[{path:`${t.folder}/__init__.py`,before:null,after:""},{path:i,before:null,after:a.get(i)},{path:o,before:null,after:a.get(o)},{path:t.templateFile,before:null,after:xe(c,t.api,Ne(e))}],m=B(v(e.project.root,e.registration.file),"utf8");y.push({path:e.registration.file,before:m,after:await x(m,e.registration,`${t.folder.replace(/^src\//,"").split("/").join(".")}.views`,t.variable,e.pkg)});let $=t.api.routes.find(u=>u.kind==="page").rule;if(e.navigation){let u=await b(e.navigation,{title:j(t.api.plural),icon:"ti ti-list",to:$});y.push({path:e.navigation.file,before:e.navigation.source,after:S(e.navigation.source,[u])})}else s.push(`no navigation script found under ${e.pkg}/static/: add a sidebar entry for ${$} by hand`);return{files:y,model:t.model,page:$,notes:s}}import{createHash as Ae}from"node:crypto";import{lstatSync as Oe,readdirSync as Re,readFileSync as Be,rmdirSync as De}from"node:fs";import{join as P,relative as qe,sep as We}from"node:path";var Ge=new Set([".git","node_modules",".venv","venv","__pycache__",".mypy_cache",".ruff_cache",".pytest_cache"]),He=16*1024*1024;function Le(e){return Ae("sha256").update(e).digest("hex")}function Ue(e,t,s){let r=P(e,t.path);if(!Oe(r,{throwIfNoEntry:!1})?.isDirectory())return;let o=a=>{for(let n of Re(a,{withFileTypes:!0})){let d=P(a,n.name),c=qe(e,d).split(We).join("/");if(n.isDirectory()){if(Ge.has(n.name)||!t.recursive)continue;s(c,"dir"),o(d)}else n.isFile()&&s(c,"file")}};o(r)}function q(e,t){let s=new Map,r=new Set;for(let i of t)Ue(e,i,(o,a)=>{if(a==="dir")return void r.add(o);let n=Be(P(e,o));s.set(o,{hash:Le(n),bytes:n.length<=He?n:void 0})});return{root:e,scopes:t,files:s,dirs:r}}function W(e){let t=q(e.root,e.scopes),s=[],r=[];for(let[a,n]of t.files){let d=e.files.get(a);d?d.hash!==n.hash&&r.push(a):s.push(a)}let i=[...e.files.keys()].filter(a=>!t.files.has(a)),o=[...t.dirs].filter(a=>!e.dirs.has(a));return{created:s.sort(),modified:r.sort(),deleted:i.sort(),createdDirs:o.sort()}}function G(e){let t=W(e),s=[...t.modified,...t.deleted].filter(i=>!e.files.get(i).bytes);if(s.length>0)throw new Error(`cannot restore ${s.join(", ")}: too large to keep a copy of`);let r=[...t.created.map(i=>({kind:"delete",path:i})),...[...t.modified,...t.deleted].map(i=>({kind:"write",path:i,content:e.files.get(i).bytes}))];ye(e.root,r,{stagingIn:"",keepDirs:[...e.dirs]});for(let i of[...t.createdDirs].sort((o,a)=>a.length-o.length))try{De(P(e.root,i))}catch{}return t}var M=class extends Error{name="StepFailed"};function _(e){return e.filter(t=>t.severity==="error").length}function T(e){let t=_(e),s=e.filter(r=>r.severity==="warning").length;return e.length===0?"no findings":`${t} error(s), ${s} warning(s)`}function ze(e,t){return[{path:t,recursive:!0},...e.versionDirs.map(s=>({path:z(e.root,s),recursive:!0})),{path:"",recursive:!1}]}function Ke(e,t){let s=`sqlite+aiosqlite:///${g(t,"guard.db")}`,r=[...new Set(["SQLALCHEMY_DATABASE_URI",...e.databaseVariables])];return{PYTHONDONTWRITEBYTECODE:"1",...Object.fromEntries(r.map(i=>[i,s]))}}async function Qe(e,t,s,r){let i=e.api.app.blueprints.find(n=>n.kind==="blueprint"&&n.file.startsWith(`${t.folder}/`)),o=[];if(i&&!i.registered&&e.registration){let n=_e(g(e.project.root,e.registration.file),"utf8"),d=i.file.replace(/\.py$/,"").replace(/^src\//,"").split("/").join(".");o.push({path:g(e.project.root,e.registration.file),before:n,after:await x(n,e.registration,d,i.variable,e.pkg)}),r.push(`the scaffolder did not register ${i.variable}; registered it in ${e.registration.file}`)}let a=n=>n!==null&&s!==null&&E(n.replace(/\/?$/,"/"))===E(s.replace(/\/?$/,"/"));if(s&&e.navigation&&!e.navigation.entries.some(n=>a(n.to))){let n=await b(e.navigation,{title:j(t.api.plural),icon:"ti ti-list",to:s});o.push({path:g(e.project.root,e.navigation.file),before:e.navigation.source,after:S(e.navigation.source,[n])}),r.push(`the scaffolder added no sidebar entry for ${s}; added one to ${e.navigation.file}`)}N(o)}function Te(e,t){let s=e.models.find(a=>a.file.startsWith(`${t.folder}/`))?.name??null,r=e.app.routes.filter(a=>a.file.startsWith(`${t.folder}/`)&&a.methods.includes("GET")&&a.path&&!a.path.includes("<")&&!a.path.startsWith("/api/")),i=t.api.routes.find(a=>a.kind==="page").rule,o=r.find(a=>a.path===i)?.path??r[0]?.path??null;return{model:s,page:o}}var H=class{constructor(t,s,r,i){this.bp=s;this.names=r;this.options=i;this.project=t,this.report={name:r.name,status:"done",refused:null,via:null,command:null,files:[],migration:null,model:null,page:null,steps:[],restored:null,notes:[]}}bp;names;options;report;project;async step(t,s){let r;try{r=await s(),r.status!=="failed"&&await this.options.afterStep?.(t)}catch(i){r={status:"failed",summary:i.message.split(`
`)[0]??"failed",findings:[]}}if(this.report.steps.push({step:t,...r}),r.status==="failed")throw new M(t)}get timeoutMs(){return this.options.timeoutSeconds*1e3}async writeModule(t,s){let{names:r,bp:i}=this;await this.step("files",async()=>{let o=!1;if(t){let c=await C(this.project.root,this.project.runner,this.project.config),l=A(this.project,c,t,r.name);this.report.command=l;let h=Je(g(Ye(),"stk-migrate-scaffold-guard-"));try{let p=await ie(l,this.project.root,this.timeoutMs,Ke(this.project,h));p.exitCode===0?o=!0:(G(s),this.report.notes.push(`${t.command} ${r.name} failed (${p.failure??`exit ${p.exitCode}`}: ${oe(p.output,1).join("")}); what it wrote was undone and our generator wrote the module`))}finally{Ve(h,{recursive:!0,force:!0})}}if(o){this.report.via="scaffolder",this.project=await k({project:this.project.root,config:this.project.alembicIni,name:this.project.alembicSection,env:this.options.env});let c=await O(this.project),{page:l}=Te(c.api,r);await Qe(c,r,l,this.report.notes)}else{this.report.via="generator";let c=await D(i,r);this.report.notes.push(...c.notes);try{N(c.files.map(l=>({path:g(this.project.root,l.path),before:l.before,after:l.after})))}catch(l){throw l instanceof we?new w(l.message):l}}let a=W(s);if(this.report.files=[...a.created.map(c=>({path:c,change:"created"})),...a.modified.map(c=>({path:c,change:"patched"}))],!a.created.some(c=>c.startsWith(`${r.folder}/`)))return{status:"failed",summary:`nothing was written under ${r.folder}/`,findings:[]};this.project=await k({project:this.project.root,config:this.project.alembicIni,name:this.project.alembicSection,env:this.options.env});let n=await F(this.project);Object.assign(this.report,Te(n,r));let d=a.created.length;return{status:"passed",summary:`${d} file${d===1?"":"s"} created, ${a.modified.length} patched${o?` by ${t.command}`:""}`,findings:[]}})}async migrate(){await this.step("migration",async()=>{let t=await ne(this.project,{message:`add ${this.names.name}`,empty:!1,keepEmpty:!0,throwaway:!0,timeoutMs:this.timeoutMs});return this.report.migration=t.file,t.noChanges?{status:"failed",summary:`autogenerate found no change: the module's models are not imported where env.py's target_metadata sees them (stk-migrate blueprint-check ${this.names.name} says where)`,findings:[]}:{status:"passed",summary:`${t.file} (revision ${t.revision}, autogenerated against a throwaway database at head; your database was not read)`,findings:[]}}),await this.step("validate",async()=>{let{findings:t}=await se(this.project,{files:[g(this.project.root,this.report.migration)],squawk:!1});return{status:_(t)>0?"failed":"passed",summary:T(t),findings:t}})}moduleFiles(){return this.report.files.map(t=>t.path).filter(t=>t.startsWith(`${this.names.folder}/`)&&t.endsWith(".py"))}async review(){let t=this.report.files.map(s=>s.path).filter(s=>s.endsWith(".html")&&s.includes("/templates/"));await this.step("lint",async()=>{let s=[...this.moduleFiles(),...t],{findings:r}=await ve(this.project,{files:s.map(i=>g(this.project.root,i))});return{status:_(r)>0?"failed":"passed",summary:`${T(r)} in ${s.length} files`,findings:r}}),await this.step("api-check",async()=>{let{findings:s,targets:r}=await $e(this.project,{files:this.moduleFiles().map(i=>g(this.project.root,i))});return{status:_(s)>0?"failed":"passed",summary:`${T(s)} in ${r.length} files`,findings:s}})}async prove(){await this.step("roundtrip",async()=>{let r=this.report.migration,i=await X(_e(g(this.project.root,r),"utf8"),r),o=await ae(this.project,{command:"scaffold",withData:!1,timeoutSeconds:this.options.timeoutSeconds},a=>le(a,{revision:i.revision??void 0,all:!1,withData:!1,sampleRows:3}));return{status:o.summary.errors>0?"failed":"passed",summary:o.summary.errors>0?T(o.findings):"upgrade, downgrade and upgrade again on a throwaway database with sample rows: schema and data intact",findings:o.findings}});let t=await F(this.project),s=this.report.model?fe(t,this.report.model):void 0;await this.step("api-smoke",async()=>{if(!s)return{status:"skipped",summary:`no model found under ${this.names.folder}/`,findings:[]};let r=await ke(t,s,{timeoutSeconds:this.options.timeoutSeconds}),i=r.steps.filter(o=>o.ok&&!o.skipped).length;return{status:r.summary.errors>0?"failed":"passed",summary:r.summary.errors>0?`${r.steps.filter(o=>!o.ok).map(o=>o.step).join(", ")} failed`:`${i} steps passed (create, list, search, paging, update, no session, delete, not found)`,findings:r.findings}}),await this.step("page-check",async()=>{if(!this.report.page)return{status:"skipped",summary:`no page route found under ${this.names.folder}/`,findings:[]};let r=await je(t,{path:this.report.page,model:s?.name,timeoutSeconds:this.options.timeoutSeconds,env:this.options.env});if(r.skipped&&r.summary.errors===0)return{status:"skipped",summary:`not checked in a browser: ${r.skipped}`,findings:[]};let i=r.skipped??`${r.path}: HTTP ${r.status}, ${r.consoleErrors.length} console errors, Vue app ${r.mounted?"mounted":"not mounted"}${r.row?`, ${r.row.shown?"the new row listed":"the new row not listed"}`:""}; screenshot ${r.screenshot}`;return{status:r.summary.errors>0?"failed":"passed",summary:i,findings:r.findings}})}};async function Me(e,t,s){let r=await O(e),i=be(r,t),o={name:t,status:"refused",refused:null,via:null,command:null,files:[],migration:null,model:null,page:null,steps:[],restored:null,notes:[]};if(i.refusal)return{...o,refused:`${i.refusal}; nothing was changed`};let a=i.names,n=[],d=s.useScaffolder===!1?void 0:r.scaffolder;if(d&&!Se(d)&&(n.push(`${d.command} (${d.file}:${d.line}) applies migrations and has no flag to stop it, so the module was written by our generator instead`),d=void 0),s.dryRun){if(d){let m=await C(e.root,e.runner,e.config),$=A(e,m,d,t);return{...o,status:"dry-run",via:"scaffolder",command:$,notes:n,diff:""}}let f=await D(r,a),y=f.files.map(m=>me(m.before===null?"/dev/null":`a/${m.path}`,`b/${m.path}`,m.before??"",m.after,"","",{context:3})).join("");return{...o,status:"dry-run",via:"generator",files:f.files.map(m=>({path:m.path,change:m.before===null?"created":"patched"})),model:f.model,page:f.page,notes:[...n,...f.notes],diff:y}}let c=q(e.root,ze(e,r.pkg)),l=new H(e,r,a,s);l.report.notes.push(...n);let h=()=>s.keep?!1:(G(c),!0),p=f=>{process.stderr.write(`stk-migrate scaffold: ${f==="SIGINT"?"interrupted":"terminated"}; ${h()?"every file is put back as it was":"the files are kept (--keep)"}
`),process.listenerCount(f)===1&&process.exit(f==="SIGINT"?130:143)};process.once("SIGINT",p),process.once("SIGTERM",p);try{return await l.writeModule(d,c),await l.migrate(),await l.review(),await l.prove(),l.report}catch(f){if(l.report.status="failed",l.report.restored=h(),!(f instanceof M)){let y=f.message.split(`
`)[0];throw new Error(`${y}; ${l.report.restored?"every file created or patched was put back":"the files are kept (--keep)"}`)}return l.report}finally{process.off("SIGINT",p),process.off("SIGTERM",p)}}var Xe={"dry-run":{type:"boolean",default:!1},keep:{type:"boolean",default:!1},"no-scaffolder":{type:"boolean",default:!1},timeout:{type:"string"}},I={name:"scaffold",summary:"Create a feature module that works end to end: check the name, write the module (stk's own scaffolder without migrating when the project has one, else in stk's conventions: model, views with the api-new endpoints, the admin page, the blueprint's registration and the sidebar entry, inserted at places found by parsing), create its migration on a throwaway database, then validate, lint, api-check, roundtrip, api-smoke and page-check it. All or nothing: a failed step puts every file back and removes the migration. Never applies a migration to your database.",usage:"stk-migrate scaffold <name> [--dry-run] [--keep] [--no-scaffolder] [--timeout <s>] [--format text|json] [--project <dir>]",optionHelp:["  <name>              the module, lowercase snake_case and singular (e.g. invoice_line: model InvoiceLine, page /invoice_lines/)","  --dry-run           print what would be written (a diff) and change nothing","  --keep              keep the files after a failed step, to look at them (default: put everything back)","  --no-scaffolder     write the module with our generator even when the project has stk's scaffolder","  --timeout <s>       budget of each step that runs the app or Alembic (default 180)","  (exit 0 when every step passed, 1 when the name is refused or a step failed, 2 for a usage problem)"],options:Xe,positionals:!0},Ze={passed:"\u2713",failed:"\u2717",skipped:"\u2013"};function et(e,t){if(e.status==="refused")return`scaffold ${e.name}: refused: ${e.refused}
`;let s=[],r=e.via==="scaffolder"?`stk's scaffolder (${e.command?.slice(-3).join(" ")})`:"our generator";if(e.status==="dry-run")return e.via==="scaffolder"?s.push(`scaffold ${e.name}: would run ${r}; argv: ${JSON.stringify(e.command)}`,"then: the migration on a throwaway database, validate, lint, api-check, roundtrip, api-smoke, page-check"):s.push(`${e.diff??""}scaffold ${e.name}: would write with ${r}:`,...e.files.map(i=>`  ${i.change==="created"?"+":"~"} ${i.path}`)),s.push(...e.notes.map(i=>`  \u26A0 ${i}`)),`${s.join(`
`)}
`;s.push(`scaffold ${e.name}: written by ${r}`,...e.files.map(i=>`  ${i.change==="created"?"+":"~"} ${i.path}`)),e.migration&&s.push(`  + ${e.migration}`);for(let i of e.steps)s.push(`${Ze[i.status]} ${i.step}: ${i.summary}`),i.findings.length>0&&(i.status==="failed"||i.findings.some(o=>o.severity!=="info"))&&s.push(ee(Z(i.findings),t).trimEnd().replace(/^/gm,"    "));if(s.push(...e.notes.map(i=>`\u26A0 ${i}`)),e.status==="failed")s.push(e.restored?"restored: every file created or patched is as it was, and the migration is removed (pass --keep to look at them)":"kept (--keep): the files and the migration stay as the failed step left them");else{let i=e.model?`${e.files.find(o=>o.path.endsWith("/models.py"))?.path??"the models file"}`:"the models file";s.push(`next: shape ${e.model??"the model"}'s fields in ${i}; then, as its migration was never applied anywhere, delete ${e.migration} and run stk-migrate new "add ${e.name}" --throwaway, then validate, roundtrip, api-smoke ${e.model??""} and page-check ${e.page??""}`.replace(/ +,/g,","),"your database is untouched: apply the migration only when you choose to (stk db upgrade / quart db upgrade)")}return`${s.join(`
`)}
`}var tt=L(I,async({values:e,positionals:t})=>{let s=J(e.format,["text","json"],I.name);if(t.length!==1)throw new w("name one module, e.g. stk-migrate scaffold invoice_line (see stk-migrate scaffold --help)");let r=U(e.timeout,180,I.name)/1e3,i=await k({project:e.project,config:e.config,name:e.name}),o=await Me(i,t[0],{dryRun:e["dry-run"],keep:e.keep,useScaffolder:!e["no-scaffolder"],timeoutSeconds:r});return process.stdout.write(s==="json"?`${JSON.stringify(o,null,2)}
`:et(o,process.stdout.isTTY===!0)),o.status==="done"||o.status==="dry-run"?0:1});Y("scaffold")&&V(I.name,()=>tt(process.argv.slice(2)));export{et as renderScaffoldText,tt as run,I as spec};
