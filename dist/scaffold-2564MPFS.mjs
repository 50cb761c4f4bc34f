import{createRequire as __stkRequire}from'node:module';const require=__stkRequire(import.meta.url);
import{a as Te}from"./chunk-5OGMOOOO.mjs";import"./chunk-C5RHM4HS.mjs";import{b as Se}from"./chunk-R6NNJNU2.mjs";import"./chunk-Z7J2HQL6.mjs";import{a as be}from"./chunk-ACAHLVYZ.mjs";import{f as je}from"./chunk-UEBQQZH6.mjs";import{a as j,b as x,c as P,d as R,e as xe,f as B,h as Pe}from"./chunk-WBXKKQ7W.mjs";import{a as ce}from"./chunk-3AHMVHZM.mjs";import{a as ne,b as le}from"./chunk-M6Q35CLX.mjs";import{a as pe}from"./chunk-NTCP7PJZ.mjs";import"./chunk-UFODU5YG.mjs";import{k as de}from"./chunk-XG5WSJDT.mjs";import{a as ge,b as ve}from"./chunk-LF6S4MVP.mjs";import{b as $e,c as ke,d as A,e as O}from"./chunk-SQIIJWWU.mjs";import{a as ye,b as we}from"./chunk-3TOVW2LX.mjs";import{a as b}from"./chunk-Z2G6QZCT.mjs";import{c as me}from"./chunk-FJ3WVKYF.mjs";import{c as ue,d as F,j as he}from"./chunk-EV4JN6OU.mjs";import{a as fe}from"./chunk-VJ7QZNFP.mjs";import"./chunk-CVBEWCTV.mjs";import{a as ae}from"./chunk-ELJHJDB6.mjs";import"./chunk-IOVBAZBY.mjs";import{a as re}from"./chunk-H2QH5WB4.mjs";import"./chunk-QQ546F56.mjs";import"./chunk-2U563IXM.mjs";import{b as E}from"./chunk-ZU7AV6SN.mjs";import{c as ie,g as oe}from"./chunk-C5TMPLKU.mjs";import"./chunk-W5MMZFWV.mjs";import"./chunk-PHS5RARD.mjs";import"./chunk-5NOJZGC3.mjs";import"./chunk-LN4JYWEV.mjs";import"./chunk-SRXPPUXI.mjs";import"./chunk-ZIM37FCY.mjs";import"./chunk-E4XWI4CI.mjs";import"./chunk-32Y55HLW.mjs";import"./chunk-2PKUENLE.mjs";import"./chunk-JERP52AB.mjs";import"./chunk-AVQ6LA7R.mjs";import{i as k}from"./chunk-BHVZDUMC.mjs";import{c as C}from"./chunk-6IF2X7DY.mjs";import{b as ee}from"./chunk-H7LREQYZ.mjs";import"./chunk-WXLEKS2R.mjs";import"./chunk-DOHE22SV.mjs";import"./chunk-JWEFECXR.mjs";import"./chunk-CGF3G3LF.mjs";import"./chunk-LSTMTDJM.mjs";import"./chunk-VMXB2OZC.mjs";import"./chunk-PRRJKMQ7.mjs";import{c as te}from"./chunk-MJDRUZ2B.mjs";import{c as Z}from"./chunk-U6PJUWEY.mjs";import"./chunk-JY5TNVZ3.mjs";import"./chunk-K6YWOIMW.mjs";import"./chunk-JUYCFIV3.mjs";import{a as se}from"./chunk-6THVON5P.mjs";import"./chunk-UVLWFLO5.mjs";import"./chunk-23T2IYAH.mjs";import{c as X}from"./chunk-ISMHECX2.mjs";import{a as V,b as Y,c as z,f as K,g as Q}from"./chunk-EQYM5NMH.mjs";import"./chunk-BRBCLBAP.mjs";import{a as w,f as S,g as J}from"./chunk-KDMPFGGC.mjs";import"./chunk-V2KH4SG7.mjs";import{mkdtempSync as ze,readFileSync as Ne,rmSync as Ke}from"node:fs";import{tmpdir as Qe}from"node:os";import{join as g}from"node:path";import{existsSync as Me,readFileSync as q}from"node:fs";import{join as v}from"node:path";function D(e){let t=e.replaceAll("_"," ");return t.charAt(0).toUpperCase()+t.slice(1)}function Ee(e){let t=`v-model="editedItem.${e.name}"`,s=D(e.name);switch(e.type){case"Boolean":return`<v-switch ${t} label="${s}" color="primary"></v-switch>`;case"Text":case"JSON":return`<v-textarea ${t} label="${s}"></v-textarea>`;case"Integer":case"BigInteger":case"SmallInteger":case"Numeric":case"Float":return`<v-text-field ${t} label="${s}" type="number"></v-text-field>`;default:return`<v-text-field ${t} label="${s}"></v-text-field>`}}function _e(e,t,s){let r=p=>t.routes.find(f=>f.kind===p).rule,i=D(t.plural),a=t.words,o=e.columns.find(p=>p.primaryKey)?.name??"id",n=ye(e).filter(p=>!p.primaryKey),l=we(e),c=n.find(p=>p.type==="String"||p.type==="Text")?.name??o,d=[...n.map(p=>`        { title: '${D(p.name)}', key: '${p.name}' },`),"        { title: '', key: 'actions', sortable: false, align: 'end' },"],m=r("update").replace(/<[^>]+>$/,"");return`{% extends "${s}" %}
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
      item-value="${o}"
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
    <v-card :title="editedItem.${o} ? 'Edit ${a}' : 'New ${a}'">
      <v-card-text>
${l.map(p=>`        ${Ee(p)}`).join(`
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
${d.join(`
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
      const url = this.editedItem.${o} ? \`${m}\${this.editedItem.${o}}\` : '${r("create")}';
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
      const response = await fetch(\`${m}\${item.${o}}\`, { method: 'DELETE' });
      this.message = (await response.json()).message;
      this.load();
    },
  },
});

registerStkComponents(app);
app.use(createVuetify(config.vuetifyConfig)).mount('#app');
</script>
{% endblock %}
`}async function Fe(e){let t={base:{module:`${e.pkg}.extensions`,name:"Base"},decorator:null};for(let s of e.api.models){let r=await Z(q(v(e.project.root,s.file),"utf8"));try{let i=ie(r.rootNode,s.file),a=s.bases.filter(d=>i[d]?.includes(".")),o=a.find(d=>d==="Base"||/(Base|Model)$/.test(d))??a[0];if(!o)continue;let n=i[o],l=r.rootNode.descendantsOfType("class_definition").find(d=>d?.childForFieldName("name")?.text===s.name),c=l?oe(l).find(d=>d.text.includes("dataclass"))?.text??null:null;return{base:{module:n.slice(0,n.lastIndexOf(".")),name:n.slice(n.lastIndexOf(".")+1)},decorator:c}}finally{r.delete()}}return t}function Ae(e,t,s){return`${s?.startsWith("@dataclasses.")?`import dataclasses
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
`}function Oe(e,t){return`from quart import Blueprint

from ${t} import auth_required, roles_required

${e.variable} = Blueprint("${e.blueprint}", __name__)


@${e.variable}.before_request
@auth_required("session")
@roles_required("admin")
async def before_request():
    pass
`}function Re(e){let t=v(e.project.root,e.pkg,"templates");return Me(v(t,"layout.html"))?"layout.html":Me(v(t,"base.html"))?"base.html":"layout.html"}async function W(e,t){let s=[];if(!e.registration)throw new w("no place registers blueprints in the app (app.register_blueprint(...) calls); register one by hand first, then scaffold");let r=await Fe(e),i=`${t.folder}/models.py`,a=`${t.folder}/views.py`,o=new Map([[i,Ae(t,r.base,r.decorator)],[a,Oe(t,e.api.authModule)]]),[n,l]=await Promise.all([ee(o.get(i),i),me(o.get(a),a)]),c=ue([n]).find(h=>h.name===t.model);if(!c)throw new Error(`the drafted model ${t.model} could not be read back`);let d=[...e.api.files,l],m={...e.api,models:[...e.api.models,c],files:d,app:fe(d)},p=h=>o.get(h)??q(v(e.project.root,h),"utf8"),f=await ve(m,t.model,{read:p});if(f.report.status==="refused")throw new w(f.report.refused??"api-new refused");for(let h of f.previews)o.set(h.file,h.after);s.push(...f.report.notes);let y=[{path:`${t.folder}/__init__.py`,before:null,after:""},{path:i,before:null,after:o.get(i)},{path:a,before:null,after:o.get(a)},{path:t.templateFile,before:null,after:_e(c,t.api,Re(e))}],u=q(v(e.project.root,e.registration.file),"utf8");y.push({path:e.registration.file,before:u,after:await P(u,e.registration,`${t.module}.views`,t.variable,e.pkg)});let $=t.api.routes.find(h=>h.kind==="page").rule;if(e.navigation){let h=await j(e.navigation,{title:x(t.api.plural),icon:"ti ti-list",to:$});y.push({path:e.navigation.file,before:e.navigation.source,after:b(e.navigation.source,[h])})}else s.push(`no navigation script found under ${e.pkg}/static/: add a sidebar entry for ${$} by hand`);return{files:y,model:t.model,page:$,notes:s}}import{createHash as Be}from"node:crypto";import{lstatSync as De,readdirSync as qe,readFileSync as We,rmdirSync as Ge}from"node:fs";import{join as T,relative as He,sep as Le}from"node:path";var Ue=new Set([".git","node_modules",".venv","venv","__pycache__",".mypy_cache",".ruff_cache",".pytest_cache"]),Je=16*1024*1024;function Ve(e){return Be("sha256").update(e).digest("hex")}function Ye(e,t,s){let r=T(e,t.path);if(!De(r,{throwIfNoEntry:!1})?.isDirectory())return;let a=o=>{for(let n of qe(o,{withFileTypes:!0})){let l=T(o,n.name),c=He(e,l).split(Le).join("/");if(n.isDirectory()){if(Ue.has(n.name)||!t.recursive)continue;s(c,"dir"),a(l)}else n.isFile()&&s(c,"file")}};a(r)}function G(e,t){let s=new Map,r=new Set;for(let i of t)Ye(e,i,(a,o)=>{if(o==="dir")return void r.add(a);let n=We(T(e,a));s.set(a,{hash:Ve(n),bytes:n.length<=Je?n:void 0})});return{root:e,scopes:t,files:s,dirs:r}}function H(e){let t=G(e.root,e.scopes),s=[],r=[];for(let[o,n]of t.files){let l=e.files.get(o);l?l.hash!==n.hash&&r.push(o):s.push(o)}let i=[...e.files.keys()].filter(o=>!t.files.has(o)),a=[...t.dirs].filter(o=>!e.dirs.has(o));return{created:s.sort(),modified:r.sort(),deleted:i.sort(),createdDirs:a.sort()}}function L(e){let t=H(e),s=[...t.modified,...t.deleted].filter(i=>!e.files.get(i).bytes);if(s.length>0)throw new Error(`cannot restore ${s.join(", ")}: too large to keep a copy of`);let r=[...t.created.map(i=>({kind:"delete",path:i})),...[...t.modified,...t.deleted].map(i=>({kind:"write",path:i,content:e.files.get(i).bytes}))];$e(e.root,r,{stagingIn:"",keepDirs:[...e.dirs]});for(let i of[...t.createdDirs].sort((a,o)=>o.length-a.length))try{Ge(T(e.root,i))}catch{}return t}var I=class extends Error{name="StepFailed"};function M(e){return e.filter(t=>t.severity==="error").length}function _(e){let t=M(e),s=e.filter(r=>r.severity==="warning").length;return e.length===0?"no findings":`${t} error(s), ${s} warning(s)`}function Xe(e,t){return[{path:t,recursive:!0},...e.versionDirs.map(s=>({path:X(e.root,s),recursive:!0})),{path:"",recursive:!1}]}function Ze(e,t){let s=`sqlite+aiosqlite:///${g(t,"guard.db")}`,r=[...new Set(["SQLALCHEMY_DATABASE_URI",...e.databaseVariables])];return{PYTHONDONTWRITEBYTECODE:"1",...Object.fromEntries(r.map(i=>[i,s]))}}async function et(e,t,s,r){let i=e.api.app.blueprints.find(l=>l.kind==="blueprint"&&l.file.startsWith(`${t.folder}/`)),a=[];if(i&&!i.registered&&e.registration){let l=Ne(g(e.project.root,e.registration.file),"utf8"),c=i.file.replace(/\.py$/,"").replace(/^src\//,"").split("/").join(".");a.push({path:g(e.project.root,e.registration.file),before:l,after:await P(l,e.registration,c,i.variable,e.pkg)}),r.push(`the scaffolder did not register ${i.variable}; registered it in ${e.registration.file}`)}let o=l=>l!==null&&s!==null&&E(l.replace(/\/?$/,"/"))===E(s.replace(/\/?$/,"/"));if(s&&e.navigation&&!e.navigation.entries.some(l=>o(l.to))){let l=await j(e.navigation,{title:x(t.api.plural),icon:"ti ti-list",to:s});a.push({path:g(e.project.root,e.navigation.file),before:e.navigation.source,after:b(e.navigation.source,[l])}),r.push(`the scaffolder added no sidebar entry for ${s}; added one to ${e.navigation.file}`)}let{leftover:n}=A(a);n&&r.push(O(n,e.project.root))}function Ie(e,t){let s=e.models.find(o=>o.file.startsWith(`${t.folder}/`))?.name??null,r=e.app.routes.filter(o=>o.file.startsWith(`${t.folder}/`)&&o.methods.includes("GET")&&o.path&&!o.path.includes("<")&&!o.path.startsWith("/api/")),i=t.api.routes.find(o=>o.kind==="page").rule,a=r.find(o=>o.path===i)?.path??r[0]?.path??null;return{model:s,page:a}}var U=class{constructor(t,s,r,i){this.bp=s;this.names=r;this.options=i;this.project=t,this.report={name:r.name,status:"done",refused:null,via:null,command:null,files:[],migration:null,model:null,page:null,steps:[],restored:null,notes:[]}}bp;names;options;report;project;async step(t,s){let r;try{r=await s(),r.status!=="failed"&&await this.options.afterStep?.(t)}catch(i){r={status:"failed",summary:i.message.split(`
`)[0]??"failed",findings:[]}}if(this.report.steps.push({step:t,...r}),r.status==="failed")throw new I(t)}get timeoutMs(){return this.options.timeoutSeconds*1e3}async writeModule(t,s){let{names:r,bp:i}=this;await this.step("files",async()=>{let a=!1;if(t){let c=await C(this.project.root,this.project.runner,this.project.config),d=R(this.project,c,t,r.name);this.report.command=d;let m=ze(g(Qe(),"stk-migrate-scaffold-guard-"));try{let p=await ne(d,this.project.root,this.timeoutMs,Ze(this.project,m));p.exitCode===0?a=!0:(L(s),this.report.notes.push(`${t.command} ${r.name} failed (${p.failure??`exit ${p.exitCode}`}: ${le(p.output,1).join("")}); what it wrote was undone and our generator wrote the module`))}finally{Ke(m,{recursive:!0,force:!0})}}if(a){this.report.via="scaffolder",this.project=await k({project:this.project.root,config:this.project.alembicIni,name:this.project.alembicSection,env:this.options.env});let c=await B(this.project),{page:d}=Ie(c.api,r);await et(c,r,d,this.report.notes)}else{this.report.via="generator";let c=await W(i,r);this.report.notes.push(...c.notes);try{let{leftover:d}=A(c.files.map(m=>({path:g(this.project.root,m.path),before:m.before,after:m.after})));d&&this.report.notes.push(O(d,this.project.root))}catch(d){throw d instanceof ke?new w(d.message):d}}let o=H(s);if(this.report.files=[...o.created.map(c=>({path:c,change:"created"})),...o.modified.map(c=>({path:c,change:"patched"}))],!o.created.some(c=>c.startsWith(`${r.folder}/`)))return{status:"failed",summary:`nothing was written under ${r.folder}/`,findings:[]};this.project=await k({project:this.project.root,config:this.project.alembicIni,name:this.project.alembicSection,env:this.options.env});let n=await F(this.project);Object.assign(this.report,Ie(n,r));let l=o.created.length;return{status:"passed",summary:`${l} file${l===1?"":"s"} created, ${o.modified.length} patched${a?` by ${t.command}`:""}`,findings:[]}})}async migrate(){await this.step("migration",async()=>{let t=await ce(this.project,{message:`add ${this.names.name}`,empty:!1,keepEmpty:!0,throwaway:!0,timeoutMs:this.timeoutMs});return this.report.migration=t.file,t.noChanges?{status:"failed",summary:`autogenerate found no change: the module's models are not imported where env.py's target_metadata sees them (stk-migrate blueprint-check ${this.names.name} says where)`,findings:[]}:{status:"passed",summary:`${t.file} (revision ${t.revision}, autogenerated against a throwaway database at head; your database was not read)`,findings:[]}}),await this.step("validate",async()=>{let{findings:t}=await ae(this.project,{files:[g(this.project.root,this.report.migration)],squawk:!1});return{status:M(t)>0?"failed":"passed",summary:_(t),findings:t}})}moduleFiles(){return this.report.files.map(t=>t.path).filter(t=>t.startsWith(`${this.names.folder}/`)&&t.endsWith(".py"))}async review(){let t=this.report.files.map(s=>s.path).filter(s=>s.endsWith(".html")&&s.includes("/templates/"));await this.step("lint",async()=>{let s=[...this.moduleFiles(),...t],{findings:r}=await Se(this.project,{files:s.map(i=>g(this.project.root,i))});return{status:M(r)>0?"failed":"passed",summary:`${_(r)} in ${s.length} files`,findings:r}}),await this.step("api-check",async()=>{let{findings:s,targets:r}=await be(this.project,{files:this.moduleFiles().map(i=>g(this.project.root,i))});return{status:M(s)>0?"failed":"passed",summary:`${_(s)} in ${r.length} files`,findings:s}})}async prove(){await this.step("roundtrip",async()=>{let r=this.report.migration,i=await te(Ne(g(this.project.root,r),"utf8"),r),a=await de(this.project,{command:"scaffold",withData:!1,timeoutSeconds:this.options.timeoutSeconds},o=>pe(o,{revision:i.revision??void 0,all:!1,withData:!1,sampleRows:3}));return{status:a.summary.errors>0?"failed":"passed",summary:a.summary.errors>0?_(a.findings):"upgrade, downgrade and upgrade again on a throwaway database with sample rows: schema and data intact",findings:a.findings}});let t=await F(this.project),s=this.report.model?he(t,this.report.model):void 0;await this.step("api-smoke",async()=>{if(!s)return{status:"skipped",summary:`no model found under ${this.names.folder}/`,findings:[]};let r=await je(t,s,{timeoutSeconds:this.options.timeoutSeconds}),i=r.steps.filter(n=>n.ok&&!n.skipped).map(n=>n.step),a=r.steps.filter(n=>n.skipped).map(n=>n.step),o=`${i.length} steps passed (${i.join(", ")})${a.length>0?`; skipped: ${a.join(", ")}`:""}`;return{status:r.summary.errors>0?"failed":"passed",summary:r.summary.errors>0?`${r.steps.filter(n=>!n.ok).map(n=>n.step).join(", ")} failed`:o,findings:r.findings}}),await this.step("page-check",async()=>{if(!this.report.page)return{status:"skipped",summary:`no page route found under ${this.names.folder}/`,findings:[]};let r=await Te(t,{path:this.report.page,model:s?.name,timeoutSeconds:this.options.timeoutSeconds,env:this.options.env});if(r.skipped&&r.summary.errors===0)return{status:"skipped",summary:`not checked in a browser: ${r.skipped}`,findings:[]};let i=r.skipped??`${r.path}: HTTP ${r.status}, ${r.consoleErrors.length} console errors, Vue app ${r.mounted?"mounted":"not mounted"}${r.row?`, ${r.row.shown?"the new row listed":"the new row not listed"}`:""}; screenshot ${r.screenshot}`;return{status:r.summary.errors>0?"failed":"passed",summary:i,findings:r.findings}})}};async function Ce(e,t,s){let r=await B(e),i=Pe(r,t),a={name:t,status:"refused",refused:null,via:null,command:null,files:[],migration:null,model:null,page:null,steps:[],restored:null,notes:[]};if(i.refusal)return{...a,refused:`${i.refusal}; nothing was changed`};let o=i.names,n=[],l=s.useScaffolder===!1?void 0:r.scaffolder;if(l&&!xe(l)&&(n.push(`${l.command} (${l.file}:${l.line}) applies migrations and has no flag to stop it, so the module was written by our generator instead`),l=void 0),s.dryRun){if(l){let u=await C(e.root,e.runner,e.config),$=R(e,u,l,t);return{...a,status:"dry-run",via:"scaffolder",command:$,notes:n,diff:""}}let f=await W(r,o),y=f.files.map(u=>ge(u.before===null?"/dev/null":`a/${u.path}`,`b/${u.path}`,u.before??"",u.after,"","",{context:3})).join("");return{...a,status:"dry-run",via:"generator",files:f.files.map(u=>({path:u.path,change:u.before===null?"created":"patched"})),model:f.model,page:f.page,notes:[...n,...f.notes],diff:y}}let c=G(e.root,Xe(e,r.pkg)),d=new U(e,r,o,s);d.report.notes.push(...n);let m=()=>s.keep?!1:(L(c),!0),p=f=>{S(2,`stk-migrate scaffold: ${f==="SIGINT"?"interrupted":"terminated"}; ${m()?"every file is put back as it was":"the files are kept (--keep)"}
`),process.listenerCount(f)===1&&process.exit(f==="SIGINT"?130:143)};process.once("SIGINT",p),process.once("SIGTERM",p);try{return await d.writeModule(l,c),await d.migrate(),await d.review(),await d.prove(),d.report}catch(f){if(d.report.status="failed",d.report.restored=m(),!(f instanceof I)){let y=f.message.split(`
`)[0];throw new Error(`${y}; ${d.report.restored?"every file created or patched was put back":"the files are kept (--keep)"}`)}return d.report}finally{process.off("SIGINT",p),process.off("SIGTERM",p)}}var tt={"dry-run":{type:"boolean",default:!1},keep:{type:"boolean",default:!1},"no-scaffolder":{type:"boolean",default:!1},timeout:{type:"string"}},N={name:"scaffold",summary:"Create a feature module that works end to end: check the name, write the module (stk's own scaffolder without migrating when the project has one, else in stk's conventions: model, views with the api-new endpoints, the admin page, the blueprint's registration and the sidebar entry, inserted at places found by parsing), create its migration on a throwaway database, then validate, lint, api-check, roundtrip, api-smoke and page-check it. All or nothing: a failed step puts every file back and removes the migration. Never applies a migration to your database.",usage:"stk-migrate scaffold <name> [--dry-run] [--keep] [--no-scaffolder] [--timeout <s>] [--format text|json] [--project <dir>]",optionHelp:["  <name>              the module, lowercase snake_case and singular (e.g. invoice_line: model InvoiceLine, page /invoice_lines/)","  --dry-run           print what would be written (a diff) and change nothing","  --keep              keep the files after a failed step, to look at them (default: put everything back)","  --no-scaffolder     write the module with our generator even when the project has stk's scaffolder","  --timeout <s>       budget of each step that runs the app or Alembic (default 180)","  (exit 0 when every step passed, 1 when the name is refused or a step failed, 2 for a usage problem)"],options:tt,positionals:!0},rt={passed:"\u2713",failed:"\u2717",skipped:"\u2013"};function st(e,t){if(e.status==="refused")return`scaffold ${e.name}: refused: ${e.refused}
`;let s=[],r=e.via==="scaffolder"?`stk's scaffolder (${e.command?.slice(-3).join(" ")})`:"our generator";if(e.status==="dry-run")return e.via==="scaffolder"?s.push(`scaffold ${e.name}: would run ${r}; argv: ${JSON.stringify(e.command)}`,"then: the migration on a throwaway database, validate, lint, api-check, roundtrip, api-smoke, page-check"):s.push(`${e.diff??""}scaffold ${e.name}: would write with ${r}:`,...e.files.map(i=>`  ${i.change==="created"?"+":"~"} ${i.path}`)),s.push(...e.notes.map(i=>`  \u26A0 ${i}`)),`${s.join(`
`)}
`;s.push(`scaffold ${e.name}: written by ${r}`,...e.files.map(i=>`  ${i.change==="created"?"+":"~"} ${i.path}`)),e.migration&&s.push(`  + ${e.migration}`);for(let i of e.steps)s.push(`${rt[i.status]} ${i.step}: ${i.summary}`),i.findings.length>0&&(i.status==="failed"||i.findings.some(a=>a.severity!=="info"))&&s.push(se(re(i.findings),t).trimEnd().replace(/^/gm,"    "));if(s.push(...e.notes.map(i=>`\u26A0 ${i}`)),e.status==="failed")s.push(e.restored?"restored: every file created or patched is as it was, and the migration is removed (pass --keep to look at them)":"kept (--keep): the files and the migration stay as the failed step left them");else{let i=e.model?`${e.files.find(a=>a.path.endsWith("/models.py"))?.path??"the models file"}`:"the models file";s.push(`next: shape ${e.model??"the model"}'s fields in ${i}; then, as its migration was never applied anywhere, delete ${e.migration} and run stk-migrate new "add ${e.name}" --throwaway, then validate, roundtrip, api-smoke ${e.model??""} and page-check ${e.page??""}`.replace(/ +,/g,","),"your database is untouched: apply the migration only when you choose to (stk db upgrade / quart db upgrade)")}return`${s.join(`
`)}
`}var it=V(N,async({values:e,positionals:t})=>{let s=z(e.format,["text","json"],N.name);if(t.length!==1)throw new w("name one module, e.g. stk-migrate scaffold invoice_line (see stk-migrate scaffold --help)");let r=Y(e.timeout,180,N.name)/1e3,i=await k({project:e.project,config:e.config,name:e.name}),a=await Ce(i,t[0],{dryRun:e["dry-run"],keep:e.keep,useScaffolder:!e["no-scaffolder"],timeoutSeconds:r});return S(1,s==="json"?`${JSON.stringify(a,null,2)}
`:st(a,J(1))),a.status==="done"||a.status==="dry-run"?0:1});Q("scaffold")&&K(N.name,()=>it(process.argv.slice(2)));export{st as renderScaffoldText,it as run,N as spec};
