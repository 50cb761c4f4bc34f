import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmokeReport } from '../../scripts/lib/api/smoke/run.js';
import { addAccountModel, copyExample, repoRoot } from '../helpers/example-project.js';
import { systemPython } from '../helpers/python.js';
import { useTempDirs } from '../helpers/temp.js';
import { treeHashes } from '../helpers/tree.js';

const tempDir = useTempDirs();
const TIMEOUT = { timeout: 120_000 };

/** The environment of the commands: a TMPDIR of the test's own (so what is left behind can be seen), no database URL of the developer's. */
function environment(tmp: string): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  delete env.SQLALCHEMY_DATABASE_URI;
  return { ...env, TMPDIR: tmp, STK_MIGRATE_NO_CACHE: '1' };
}

async function cli(root: string, tmp: string, ...args: string[]) {
  return execa('node', [join(repoRoot, 'dist', 'cli.cjs'), ...args], { cwd: root, env: environment(tmp), extendEnv: false, reject: false });
}

async function smoke(root: string, model = 'Post'): Promise<{ report: SmokeReport; exitCode: number | undefined; tmp: string; stderr: string }> {
  const tmp = tempDir('smoke-tmp');
  const run = await cli(root, tmp, 'api-smoke', model, '--format', 'json');
  if (!run.stdout.startsWith('{')) throw new Error(`api-smoke printed no report (exit ${run.exitCode}): ${run.stderr}`);
  return { report: JSON.parse(run.stdout) as SmokeReport, exitCode: run.exitCode, tmp, stderr: run.stderr };
}

function fileHash(path: string): string {
  return createHash('sha1').update(readFileSync(path)).digest('hex');
}

/** Processes whose environment names `tmp`: the command's Python helper, if it outlived the command. */
function processesUsing(tmp: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`TMPDIR=${tmp}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('api-smoke on a copy of examples/stk-app after api-new Post', () => {
  let example: { root: string; cleanup: () => void };
  let views: string;
  const developerDb = () => join(example.root, 'instance', 'stk.db');

  beforeAll(async () => {
    example = copyExample();
    const tmp = tempDir('new-tmp');
    const created = await cli(example.root, tmp, 'api-new', 'Post');
    if (created.exitCode !== 0) throw new Error(`api-new failed: ${created.stdout}${created.stderr}`);
    views = readFileSync(join(example.root, 'stkapp/blog/views.py'), 'utf8');
    // The developer's own database, with a row of their own: api-smoke must never open it.
    mkdirSync(join(example.root, 'instance'), { recursive: true });
    await execa(systemPython, ['-m', 'alembic', 'upgrade', 'head'], { cwd: example.root, env: environment(tmp), extendEnv: false });
    await execa(systemPython, ['-c', `import sqlite3; c = sqlite3.connect(${JSON.stringify(developerDb())}); c.execute("INSERT INTO post (title, status, created_at) VALUES ('mine', 'draft', '2024-01-01')"); c.commit()`]);
  }, 60_000);
  afterAll(() => example?.cleanup());

  it('passes every step, leaves no temporary file or process, and never touches the developer\'s database or the project', TIMEOUT, async () => {
    const before = treeHashes(example.root);
    const database = { hash: fileHash(developerDb()), mtime: statSync(developerDb()).mtimeMs };
    const { report, exitCode, tmp, stderr } = await smoke(example.root);
    expect(report.findings, stderr).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.steps.map((step) => [step.step, step.ok, step.skipped])).toEqual([
      ['boot', true, false],
      ['create', true, false],
      ['list', true, false],
      ['search', true, false],
      ['paging', true, false],
      ['update', true, false],
      ['unauthenticated', true, false],
      ['delete', true, false],
      ['not-found', true, false],
    ]);
    expect(report.app).toEqual({ source: 'QUART_APP in .env', admin: 'stk-smoke-admin@example.invalid' });
    const create = report.steps.find((step) => step.step === 'create')!.requests[0]!;
    expect(create).toMatchObject({ method: 'POST', path: '/api/post/', signed: true, status: 200 });
    expect(Object.keys((create.body as { item: Record<string, unknown> }).item).sort()).toEqual(['body', 'meta', 'status', 'title', 'user_id']);
    expect(report.steps.find((step) => step.step === 'unauthenticated')!.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      'GET /api/posts 401',
      'POST /api/post/ 401',
      'POST /api/post/1 401',
      'DELETE /api/post/1 401',
    ]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(processesUsing(tmp)).toEqual([]);
    expect(treeHashes(example.root)).toEqual(before);
    expect({ hash: fileHash(developerDb()), mtime: statSync(developerDb()).mtimeMs }).toEqual(database);
  });

  const broken: { name: string; step: string; change: (source: string) => string; detail: RegExp }[] = [
    {
      name: 'an update without its commit',
      step: 'api-smoke/update',
      change: (source) => source.replace(/(async def api_post_update[\s\S]*?)\n {8}await g\.db_session\.commit\(\)/, '$1'),
      detail: /column title still holds .* the change is not in the database/,
    },
    {
      name: 'a delete without its 404',
      step: 'api-smoke/not-found',
      change: (source) => source.replace(/(async def api_post_delete\(id\):\n.*\n) {4}if post is None:\n.*\n/, '$1'),
      detail: /DELETE \/api\/post\/1 for a row that does not exist answered 412 .*expected 404/,
    },
    {
      name: 'a list of the wrong shape',
      step: 'api-smoke/list',
      change: (source) => source.replace('{"items": items, "total": total, "perPage": per_page}', '{"rows": items, "count": total}'),
      detail: /expected \{"items": \[\.\.\.\], "total": <int>, "perPage": <int>\}/,
    },
    {
      name: 'a blueprint without auth',
      step: 'api-smoke/unauthenticated',
      change: (source) => source.replace('@bp_blog.before_request\n@auth_required("session")\n@roles_required("admin")\nasync def before_request():\n    pass\n', ''),
      detail: /DELETE \/api\/post\/1 without a session answered 200, expected 401 or 403/,
    },
  ];

  for (const item of broken) {
    it(`catches ${item.name} as ${item.step}, and still leaves nothing behind`, TIMEOUT, async () => {
      const changed = item.change(views);
      expect(changed, 'the test\'s edit should change the file').not.toBe(views);
      writeFileSync(join(example.root, 'stkapp/blog/views.py'), changed);
      try {
        const { report, exitCode, tmp } = await smoke(example.root);
        expect(exitCode).toBe(1);
        const findings = report.findings.filter((finding) => finding.rule === item.step);
        expect(findings.length, JSON.stringify(report.findings, null, 2)).toBeGreaterThan(0);
        expect(findings.map((finding) => finding.message).join('\n')).toMatch(item.detail);
        expect(findings[0]).toMatchObject({ severity: 'error', file: 'stkapp/blog/views.py' });
        expect(findings[0]!.message).toMatch(/Request: (GET|POST|DELETE) \/api\/post.* → \d{3}\./);
        expect(readdirSync(tmp)).toEqual([]);
        expect(processesUsing(tmp)).toEqual([]);
      } finally {
        writeFileSync(join(example.root, 'stkapp/blog/views.py'), views);
      }
    });
  }

  it('shows the traceback the app logged, cut to the project\'s frames', TIMEOUT, async () => {
    writeFileSync(join(example.root, 'stkapp/blog/views.py'), broken[1]!.change(views));
    try {
      const { report } = await smoke(example.root);
      const finding = report.findings.find((item) => item.rule === 'api-smoke/not-found')!;
      expect(finding.help).toMatch(/traceback:\n {2}File "stkapp\/blog\/views\.py", line \d+, in api_post_delete\n/);
      expect(finding.help).toContain("AttributeError: 'NoneType' object has no attribute 'to_dict'");
    } finally {
      writeFileSync(join(example.root, 'stkapp/blog/views.py'), views);
    }
  });

  it('drives update and delete routes declared as <id> (the default converter), with and without a session', TIMEOUT, async () => {
    const changed = views.replaceAll('/api/post/<int:id>', '/api/post/<id>');
    expect(changed, "the test's edit should change the file").not.toBe(views);
    writeFileSync(join(example.root, 'stkapp/blog/views.py'), changed);
    try {
      const { report, exitCode, stderr } = await smoke(example.root);
      expect(report.findings, stderr).toEqual([]);
      expect(exitCode).toBe(0);
      expect(report.steps.filter((step) => step.skipped || step.requests.length === 0).map((step) => step.step)).toEqual(['boot']);
      expect(report.steps.find((step) => step.step === 'unauthenticated')!.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/posts', 'POST /api/post/', 'POST /api/post/1', 'DELETE /api/post/1']);
    } finally {
      writeFileSync(join(example.root, 'stkapp/blog/views.py'), views);
    }
  });

  it('refuses a model with no endpoint at all in one line (exit 2), rather than passing steps that sent nothing', TIMEOUT, async () => {
    const tmp = tempDir('smoke-none');
    const text = await cli(example.root, tmp, 'api-smoke', 'Activity');
    expect(text.exitCode).toBe(2);
    expect(text.stdout).not.toContain('✓');
    expect(text.stderr.trim()).toMatch(/^stk-migrate: stkapp\/user\/models\.py:\d+: Activity has no endpoint to drive: no route answers GET \/api\/activities, .*; draft them with stk-migrate api-new Activity/);
    expect(text.stderr.trim().split('\n')).toHaveLength(1);
    const json = await cli(example.root, tmp, 'api-smoke', 'Activity', '--format', 'json');
    expect(json.exitCode).toBe(2);
    expect((JSON.parse(json.stdout) as { error: { code: string } }).error.code).toBe('no-endpoints');
  });

  it("keeps SQLAlchemy's exception line, and gives each request its own traceback at its own handler", TIMEOUT, async () => {
    const missingCheck = '    if post is None:\n        return {"message": "Post not found."}, 404\n';
    expect(views.split(missingCheck)).toHaveLength(3);
    const changed = views.replaceAll(missingCheck, '').replace('        g.db_session.add(post)\n', '        post.title = None\n        g.db_session.add(post)\n');
    expect(changed).toContain('post.title = None');
    writeFileSync(join(example.root, 'stkapp/blog/views.py'), changed);
    try {
      const { report } = await smoke(example.root);
      const create = report.findings.find((item) => item.rule === 'api-smoke/create')!;
      expect(create.help).toContain('sqlalchemy.exc.IntegrityError: (sqlite3.IntegrityError) NOT NULL constraint failed: post.title');
      expect(create.help).not.toContain('Background on this error');
      const lines = changed.split('\n');
      const lineOf = (handler: string) => lines.findIndex((line) => line.startsWith(`async def ${handler}(`)) + 1;
      const missing = report.findings.filter((item) => item.rule === 'api-smoke/not-found');
      expect(missing.map((item) => [item.message.split(' ')[0], item.line, /in (api_post_\w+)/.exec(item.help)?.[1]])).toEqual([
        ['POST', lineOf('api_post_update') - 1, 'api_post_update'],
        ['DELETE', lineOf('api_post_delete') - 1, 'api_post_delete'],
      ]);
      const requests = report.steps.flatMap((step) => step.requests);
      expect(requests.filter((request) => request.tracebacks.length > 1)).toEqual([]);
    } finally {
      writeFileSync(join(example.root, 'stkapp/blog/views.py'), views);
    }
  });

  it("refuses the developer's database opened through the driver itself (sqlite3.connect at import), which stays as it was", TIMEOUT, async () => {
    const database = { hash: fileHash(developerDb()), mtime: statSync(developerDb()).mtimeMs };
    const raw = `\n\ndef _touch_local_db():\n    import sqlite3\n    from stkapp.settings import INSTANCE_DIR\n    conn = sqlite3.connect(INSTANCE_DIR / "stk.db")\n    conn.execute("create table if not exists smoke_was_here (x integer)")\n    conn.commit()\n    conn.close()\n\n\n_touch_local_db()\n`;
    writeFileSync(join(example.root, 'stkapp/blog/views.py'), views + raw);
    try {
      const tmp = tempDir('smoke-raw');
      const run = await cli(example.root, tmp, 'api-smoke', 'Post');
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/refused to open the sqlite database '.*instance\/stk\.db' through sqlite3\.connect: it is not the throwaway database/);
      expect({ hash: fileHash(developerDb()), mtime: statSync(developerDb()).mtimeMs }).toEqual(database);
      expect(readdirSync(tmp)).toEqual([]);
      expect(processesUsing(tmp)).toEqual([]);
    } finally {
      writeFileSync(join(example.root, 'stkapp/blog/views.py'), views);
    }
  });

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`removes the throwaway database and stops the app on ${signal} (exit ${code})`, TIMEOUT, async () => {
      const tmp = tempDir('smoke-signal');
      const child = spawn('node', [join(repoRoot, 'dist', 'cli.cjs'), 'api-smoke', 'Post'], { cwd: example.root, env: environment(tmp), stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
      // wait until the throwaway database exists and the helper runs: the middle of the work
      const deadline = Date.now() + 60_000;
      for (;;) {
        const folder = readdirSync(tmp).find((entry) => entry.startsWith('stk_migrate_tmp_'));
        if (folder && existsSync(join(tmp, folder, 'db1.sqlite')) && processesUsing(tmp).length > 1) break;
        if (Date.now() > deadline) throw new Error(`the throwaway database never appeared: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill(signal);
      expect(await exited, stderr).toBe(code);
      expect(stderr).toContain(signal === 'SIGINT' ? 'interrupted; removing the throwaway database' : 'terminated; removing the throwaway database');
      expect(readdirSync(tmp)).toEqual([]);
      expect(processesUsing(tmp)).toEqual([]);
    });
  }
});

/** What the create step of a report posted. */
function createdItem(report: SmokeReport): Record<string, unknown> {
  return (report.steps.find((step) => step.step === 'create')!.requests[0]!.body as { item: Record<string, unknown> }).item;
}

describe('api-smoke sends no secret, on a copy of examples/stk-app', () => {
  let example: { root: string; cleanup: () => void };
  beforeAll(async () => {
    example = copyExample();
    addAccountModel(example.root);
    const created = await cli(example.root, tempDir('new-tmp'), 'api-new', 'Account');
    if (created.exitCode !== 0) throw new Error(`api-new failed: ${created.stdout}${created.stderr}`);
  }, 60_000);
  afterAll(() => example?.cleanup());

  it("passes the example's own User endpoints: fs_uniquifier is the server's to generate, and is not posted", TIMEOUT, async () => {
    const { report, exitCode, stderr } = await smoke(example.root, 'User');
    expect(report.findings, stderr).toEqual([]);
    expect(exitCode).toBe(0);
    expect(Object.keys(createdItem(report)).sort()).toEqual(['active', 'email', 'name']);
  });

  it('says which secret it did not send when a create fails for want of it', TIMEOUT, async () => {
    const file = join(example.root, 'stkapp/user/views.py');
    const views = readFileSync(file, 'utf8');
    const changed = views.replace('user = User(fs_uniquifier=uuid.uuid4().hex)', 'user = User()');
    expect(changed, "the test's edit should change the file").not.toBe(views);
    writeFileSync(file, changed);
    try {
      const { report, exitCode } = await smoke(example.root, 'User');
      expect(exitCode).toBe(1);
      expect(report.findings.find((finding) => finding.rule === 'api-smoke/create')?.message).toMatch(
        /^POST \/api\/user\/ answered 412 \(Error creating the user\.\), expected 200 or 201; api-smoke sends no secret, so not fs_uniquifier \(NOT NULL\): the handler must set it\./,
      );
    } finally {
      writeFileSync(file, views);
    }
  });

  it('passes the endpoints api-new drafted for a model with secrets, posting none of them', TIMEOUT, async () => {
    const { report, exitCode, stderr } = await smoke(example.root, 'Account');
    expect(report.findings, stderr).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.steps.filter((step) => !step.ok || step.skipped)).toEqual([]);
    expect(Object.keys(createdItem(report))).toEqual(['email']);
  });
});

describe('api-smoke on a model whose table no migration creates, on a copy of examples/stk-app', () => {
  let example: { root: string; cleanup: () => void };
  beforeAll(async () => {
    example = copyExample();
    appendFileSync(join(example.root, 'stkapp/blog/models.py'), '\n\nclass Gadget(Base):\n    __tablename__ = "gadget"\n\n    id = Column(Integer, primary_key=True)\n    name = Column(String(50), nullable=False)\n');
    const created = await cli(example.root, tempDir('new-tmp'), 'api-new', 'Gadget');
    if (created.exitCode !== 0) throw new Error(`api-new failed: ${created.stdout}${created.stderr}`);
  }, 60_000);
  afterAll(() => example?.cleanup());

  it('fails boot at the model, saying the table is missing at head and which migration to create', TIMEOUT, async () => {
    const { report, exitCode, stderr } = await smoke(example.root, 'Gadget');
    expect(exitCode, stderr).toBe(1);
    const line = readFileSync(join(example.root, 'stkapp/blog/models.py'), 'utf8').split('\n').findIndex((text) => text.startsWith('class Gadget(')) + 1;
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'api-smoke/boot',
        file: 'stkapp/blog/models.py',
        line,
        message: expect.stringMatching(/^the table gadget does not exist after upgrading the throwaway database to head: no migration creates it/),
        help: expect.stringContaining('stk-migrate new "add gadget"'),
      }),
    ]);
  });
});
