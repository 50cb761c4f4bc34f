import { code, ruleTester } from '../harness.js';

const view = (...body: string[]) =>
  code(
    'import asyncio',
    'import subprocess',
    'import time',
    '',
    'import requests',
    'from quart import g, render_template, request',
    'from sqlalchemy import select',
    '',
    'from shop.things.models import Thing',
    'from shop.user.models import Activity',
    '',
    ...body,
  );
// line 12 is the first line of `body`

const modules = {
  'shop.things.models': code('class Thing(Base):', '    __tablename__ = "thing"', '    def to_dict(self):', '        return {}', '    async def from_dict(self, data):', '        return self'),
  'shop.user.models': code('class Activity(Base):', '    __tablename__ = "activity"', '    @staticmethod', '    async def register(user_id, action, data=None):', '        pass'),
  'shop.things.service': code('async def recount(session):', '    pass', 'def label(thing):', '    return thing.name'),
};

ruleTester('missing-await', {
  defaultSeverity: 'error',
  valid: [
    { name: 'every call awaited', code: view('async def show(id):', '    thing = await g.db_session.get(Thing, id)', '    data = (await request.json).get("item", {})', '    await thing.from_dict(data)', '    await Activity.register(1, "Thing Update", data)', '    await g.db_session.commit()', '    return await render_template("cms/things.html")'), modules },
    {
      name: 'an awaited call split over lines',
      code: view('async def listing():', '    rows = (', '        await g.db_session.execute(', '            select(Thing)', '            .order_by(Thing.id)', '        )', '    ).scalars().all()', '    return rows'),
    },
    { name: 'await around a parenthesised call', code: view('async def one(id):', '    return await (', '        g.db_session.get(Thing, id)', '    )') },
    { name: 'calls on the result, not the session', code: view('async def listing():', '    result = await g.db_session.execute(select(Thing))', '    return result.scalars().all()') },
    { name: 'sync session methods', code: view('async def create(thing):', '    g.db_session.add(thing)', '    g.db_session.add_all([thing])') },
    { name: 'handed to asyncio.gather', code: view('async def both(a, b):', '    return await asyncio.gather(g.db_session.get(Thing, a), g.db_session.get(Thing, b))') },
    { name: "Quart's cookie session is not the database session", code: code('from quart import session', 'async def who():', '    return session.get("user_id")') },
    { name: 'request.args is synchronous', code: view('async def listing():', '    return request.args.get("page", 1, type=int)') },
    { name: 'a session opened with async with', code: view('async def count(factory):', '    async with factory() as session:', '        return (await session.execute(select(Thing))).scalars().all()') },
    { name: 'a project coroutine run by asyncio.run from a sync click command', code: view('from shop.things.service import recount', 'def command():', '    asyncio.run(recount(None))'), modules },
    { name: 'a plain method of the project', code: view('async def show(thing):', '    return thing.to_dict()'), modules },
    { name: 'dict.get next to an async get of the session', code: view('async def show(data):', '    return data.get("name")') },
    {
      name: 'a coroutine stored in a name that the function awaits later',
      code: view('async def deferred():', '    pending = g.db_session.commit()', '    await pending', '    body = request.json', '    data = await body', '    page = render_template("cms/things.html")', '    page = await page', '    return page'),
    },
    { name: 'a rendered page stored, then returned awaited', code: view('async def index():', '    page = render_template("cms/things.html")', '    return await page') },
    { name: 'a coroutine stored in a name handed to asyncio.gather later', code: view('async def both(a, b):', '    first = g.db_session.get(Thing, a)', '    second = (g.db_session.get(Thing, b))', '    return await asyncio.gather(first, second)') },
  ],
  invalid: [
    { name: 'the session in a request', code: view('async def show(id):', '    thing = g.db_session.get(Thing, id)', '    g.db_session.delete(thing)', '    g.db_session.commit()'), lines: [13, 14, 15], help: 'write `await g.db_session.get(Thing, id)`' },
    { name: 'execute split over lines, not awaited', code: view('async def listing():', '    result = g.db_session.execute(', '        select(Thing)', '    )'), lines: [13], help: 'write `await g.db_session.execute(...)`' },
    { name: 'a session held in a variable', code: view('async def show(id):', '    session = g.db_session', '    return session.scalar(select(Thing))'), lines: [14] },
    { name: 'a session parameter', code: view('async def helper(session: AsyncSession):', '    session.flush()'), lines: [13] },
    { name: 'request.json and get_json()', code: view('async def create():', '    data = request.json.get("item")', '    body = request.get_json()'), lines: [13, 14], message: 'coroutine object' },
    { name: 'request.form and request.files', code: view('async def upload():', '    form = request.form', '    files = request.files'), lines: [13, 14] },
    { name: 'render_template', code: view('async def index():', '    return render_template("cms/things.html")'), lines: [13], help: 'write `await render_template("cms/things.html")`' },
    { name: 'Activity.register', code: view('async def log(data):', '    Activity.register(1, "Thing Create", data)'), lines: [13], modules },
    { name: 'the async from_dict of an imported model', code: view('async def update(thing, data):', '    thing.from_dict(data)'), lines: [13], modules },
    { name: 'an async def of this file', code: view('async def helper():', '    return 1', '', 'async def show():', '    value = helper()', '    return value'), lines: [16] },
    { name: 'an async def imported from the project', code: view('from shop.things.service import recount', 'async def show():', '    recount(g.db_session)'), lines: [14], modules },
    { name: 'a stored coroutine whose name is bound again before the await', code: view('async def save():', '    pending = g.db_session.flush()', '    pending = g.db_session.commit()', '    await pending'), lines: [13] },
    { name: 'a stored coroutine awaited only by another function', code: view('async def save():', '    pending = g.db_session.commit()', '    async def later():', '        await pending', '    return later'), lines: [13] },
    { name: 'in a sync function the fix says to make it async', code: view('def show(id):', '    return g.db_session.get(Thing, id)'), lines: [13], help: 'and make the function `async def`' },
  ],
});

ruleTester('blocking-call-in-async', {
  defaultSeverity: 'error',
  valid: [
    { name: 'a blocking function handed to a thread', code: view('async def pause():', '    await asyncio.to_thread(time.sleep, 1)') },
    { name: 'blocking code inside a lambda run in a thread', code: view('async def fetch(url):', '    return await asyncio.to_thread(lambda: requests.get(url, timeout=5))') },
    { name: 'a nested sync def run in a thread', code: view('async def run_job():', '    def job():', '        subprocess.run(["true"], check=True)', '    await asyncio.to_thread(job)') },
    { name: 'blocking calls in sync code (a CLI command)', code: view('def sleepy():', '    time.sleep(1)', '    requests.get("http://127.0.0.1")') },
    { name: 'asyncio.sleep', code: view('async def pause():', '    await asyncio.sleep(1)') },
  ],
  invalid: [
    { name: 'time.sleep', code: view('async def pause():', '    time.sleep(1)'), lines: [13], help: 'write `await asyncio.sleep(1)`' },
    { name: 'sleep imported from time', code: code('from time import sleep', 'async def pause():', '    sleep(0.5)'), lines: [3], help: 'asyncio.sleep(0.5)' },
    { name: 'requests', code: view('async def fetch(url):', '    return requests.get(url, timeout=5).json()'), lines: [13], help: 'client.get(url, timeout=5)' },
    { name: 'subprocess.run and os.system', code: code('import os', 'import subprocess', 'async def build():', '    subprocess.run(["make"], check=True)', '    os.system("make")'), lines: [4, 5], help: 'asyncio.create_subprocess_exec' },
    { name: 'urllib.request', code: code('from urllib.request import urlopen', 'async def fetch(url):', '    return urlopen(url).read()'), lines: [3], help: 'httpx.AsyncClient' },
  ],
});
