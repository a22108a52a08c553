/**
 * A believable demo organisation for trying the app (`npm run seed:demo`): Persian and English
 * companies and people, leads at every status, months of calls, meetings, e-mails and notes, open tasks
 * (some overdue), relationships moved through their phases, and deals across the sales pipeline (a few
 * won). Everything goes through the API
 * (app.inject with the owner's session), so it is validated, audited and searchable like typed data.
 * Seeded: the same options give the same organisation.
 */
import type { FastifyInstance } from 'fastify';
import { prng } from '../imports/generator.js';

export interface DemoOptions {
  organization: string;
  name: string;
  email: string;
  password: string;
  contacts: number;
  seed?: number;
  /** The demo's "now": interactions lie in the half year before it, tasks in the fortnight after. */
  now?: Date;
}

export interface DemoResult {
  tenantId: string;
  counts: {
    accounts: number;
    contacts: number;
    leads: number;
    interactions: number;
    tasks: number;
    phases: number;
    deals: number;
  };
}

const COMPANIES: [string, string, string][] = [
  ['پخش سپید البرز', 'پخش', 'کرج'],
  ['صنایع غذایی مهرگان', 'صنایع غذایی', 'تهران'],
  ['نرم‌افزار آوا پردازش', 'فناوری اطلاعات', 'اصفهان'],
  ['فولاد نقش جهان', 'فولاد', 'اصفهان'],
  ['داروسازی سینا طب', 'دارویی', 'تبریز'],
  ['کاشی و سرامیک کویر', 'ساختمان', 'یزد'],
  ['فروشگاه‌های زنجیره‌ای رفاه نو', 'خرده‌فروشی', 'مشهد'],
  ['حمل‌ونقل پیشتاز بار', 'حمل‌ونقل', 'بندرعباس'],
  ['Caspian Trading Co.', 'Import/export', 'Rasht'],
  ['Persepolis Tours', 'Tourism', 'Shiraz'],
  ['آموزشگاه زبان پارسیان', 'آموزش', 'تهران'],
  ['بیمه آسایش فردا', 'بیمه', 'تهران'],
];
const FIRST = [
  'مریم',
  'علی',
  'زهرا',
  'محمد',
  'فاطمه',
  'حسین',
  'سارا',
  'رضا',
  'نگار',
  'امیر',
  'الهام',
  'مهدی',
  'نرگس',
  'سعید',
  'لیلا',
  'کامران',
];
const LAST = [
  'احمدی',
  'رضایی',
  'محمدی',
  'حسینی',
  'کریمی',
  'موسوی',
  'جعفری',
  'صادقی',
  'رحیمی',
  'نوری',
  'کاظمی',
  'هاشمی',
  'قاسمی',
  'یزدانی',
  'توکلی',
  'افشار',
];
const ENGLISH = [
  ['Emma', 'Clarke'],
  ['David', 'Miller'],
  ['Sophie', 'Turner'],
  ['James', 'Wilson'],
];
const TITLES = [
  'مدیر خرید',
  'مدیر فروش',
  'کارشناس تدارکات',
  'مدیرعامل',
  'مدیر مالی',
  'کارشناس فنی',
  'مدیر بازرگانی',
];
const SOURCES = ['نمایشگاه', 'وب‌سایت', 'معرفی مشتری', 'تماس ورودی', 'اینستاگرام'];
const LEAD_STATUSES = ['new', 'new', 'contacted', 'contacted', 'qualified', 'unqualified'] as const;
const TOUCHES: { channel: string; direction: 'in' | 'out'; subject: string }[] = [
  { channel: 'call', direction: 'out', subject: 'پیگیری پیش‌فاکتور' },
  { channel: 'call', direction: 'in', subject: 'پرسش دربارهٔ زمان تحویل' },
  { channel: 'meeting', direction: 'out', subject: 'جلسهٔ معرفی محصول' },
  { channel: 'email', direction: 'out', subject: 'ارسال کاتالوگ' },
  { channel: 'email', direction: 'in', subject: 'درخواست تخفیف حجمی' },
  { channel: 'sms', direction: 'out', subject: 'یادآوری جلسه' },
  { channel: 'in_person', direction: 'in', subject: 'بازدید از دفتر' },
];
const TASKS = [
  'تماس برای پیگیری سفارش',
  'ارسال پیش‌فاکتور',
  'هماهنگی جلسهٔ دمو',
  'پیگیری پرداخت',
  'ارسال نمونه‌کار',
];
const DEALS = [
  'تأمین کاشی پروژهٔ مسکونی',
  'قرارداد سالانهٔ نگهداری',
  'خرید تجهیزات شبکه',
  'سفارش عمدهٔ فصل بهار',
  'پشتیبانی نرم‌افزار حسابداری',
  'Export order — spring season',
];
/** Where relationships stand, in the seeds' phases; exploration ones at one of its sub-stages. */
const PHASES: { phase: string; subStage?: string; reason: string }[] = [
  { phase: 'awareness', reason: 'در نمایشگاه آشنا شدیم' },
  { phase: 'exploration', subStage: 'attraction', reason: 'به محصول علاقه نشان داد' },
  { phase: 'exploration', subStage: 'communication_bargaining', reason: 'دربارهٔ قیمت و شرایط گفت‌وگو می‌کنیم' },
  { phase: 'expansion', reason: 'سفارش دوم را داد' },
  { phase: 'commitment', reason: 'قرارداد سالانه بست' },
];

const DAY = 86_400_000;

/** Fills a new organisation through the app's API; throws with the API's answer when a call fails. */
export async function seedDemo(app: FastifyInstance, options: DemoOptions): Promise<DemoResult> {
  const random = prng(options.seed ?? 1405);
  const { pick, chance, int } = random;
  const now = options.now ?? new Date();
  const signup = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: {
      organization: options.organization,
      name: options.name,
      email: options.email,
      password: options.password,
      locale: 'fa',
    },
  });
  if (signup.statusCode !== 201) throw new Error(`Could not create the organisation: ${signup.body}`);
  const cookie = String(signup.headers['set-cookie']).split(';')[0] as string;
  const tenantId = (signup.json() as { tenant: { id: string } }).tenant.id;
  const post = async <T>(url: string, payload: unknown): Promise<T> => {
    const res = await app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie } });
    if (res.statusCode >= 300) throw new Error(`POST ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json() as T;
  };
  const counts = { accounts: 0, contacts: 0, leads: 0, interactions: 0, tasks: 0, phases: 0, deals: 0 };
  let phone = 0;
  const mobile = () => {
    phone += 7919;
    return `0912${String(3_400_000 + (phone % 6_000_000)).padStart(7, '0')}`;
  };

  const accounts: string[] = [];
  for (const [name, industry, city] of COMPANIES) {
    const created = await post<{ id: string }>('/api/v1/accounts', {
      name,
      industry,
      city,
      phone: `021${String(88_000_000 + accounts.length * 10_301).slice(0, 8)}`,
      tags: chance(0.4) ? ['مشتری کلیدی'] : [],
    });
    accounts.push(created.id);
    counts.accounts += 1;
  }

  const contacts: string[] = [];
  for (let i = 0; i < options.contacts; i++) {
    const english = i % 9 === 8;
    const [firstName, lastName] = english
      ? (ENGLISH[i % ENGLISH.length] as [string, string])
      : [pick(FIRST), pick(LAST)];
    const created = await post<{ id: string }>('/api/v1/contacts', {
      firstName,
      lastName,
      phone: mobile(),
      email: `${english ? firstName.toLowerCase() : 'contact'}.${i + 1}@example.com`,
      jobTitle: english ? 'Purchasing manager' : pick(TITLES),
      accountId: accounts[i % accounts.length],
      tags: chance(0.25) ? [pick(['نمایشگاه ۱۴۰۵', 'عمده', 'خوش‌حساب'])] : [],
    });
    contacts.push(created.id);
    counts.contacts += 1;
  }

  for (let i = 0; i < Math.max(6, Math.round(options.contacts / 4)); i++) {
    await post('/api/v1/leads', {
      firstName: pick(FIRST),
      lastName: pick(LAST),
      companyName: `${pick(['بازرگانی', 'گروه صنعتی', 'شرکت'])} ${pick(['آرین', 'نوین', 'سپهر', 'آسمان', 'کیان'])}`,
      phone: mobile(),
      source: pick(SOURCES),
      status: LEAD_STATUSES[i % LEAD_STATUSES.length],
    });
    counts.leads += 1;
  }

  for (const [index, contactId] of contacts.entries()) {
    const touches = int(6);
    for (let k = 0; k < touches; k++) {
      const touch = pick(TOUCHES);
      await post('/api/v1/interactions', {
        ...touch,
        body: `<p>${touch.subject}</p>`,
        occurredAt: new Date(now.getTime() - int(180) * DAY - k * 3_600_000).toISOString(),
        contactId,
      });
      counts.interactions += 1;
    }
    // Most relationships have moved on from the first meeting; some are still unplaced.
    if (index % 5 !== 4) {
      await post(`/api/v1/contacts/${contactId}/phase`, pick(PHASES));
      counts.phases += 1;
    }
    if (index % 3 === 0) {
      await post('/api/v1/tasks', {
        kind: pick(['call', 'meeting', 'todo'] as const),
        title: pick(TASKS),
        dueAt: new Date(now.getTime() + (int(17) - 3) * DAY).toISOString(),
        contactId,
      });
      counts.tasks += 1;
    }
  }
  // A deal for most companies, spread over the default pipeline's open stages, a few already won.
  const pipelines = await app.inject({ method: 'GET', url: '/api/v1/pipelines', headers: { cookie } });
  const pipeline = (pipelines.json() as { items: DemoPipeline[] }).items.find((p) => p.isDefault);
  if (!pipeline) throw new Error('The organisation has no default pipeline');
  const open = pipeline.stages.filter((stage) => stage.kind === 'open');
  const won = pipeline.stages.find((stage) => stage.kind === 'won');
  for (const [i, accountId] of accounts.entries()) {
    if (i % 4 === 3) continue;
    const stage = i % 5 === 4 && won ? won : (open[i % open.length] as DemoPipeline['stages'][number]);
    await post('/api/v1/deals', {
      title: pick(DEALS),
      accountId,
      contacts: [{ contactId: contacts[i % contacts.length], role: 'decision_maker' }],
      stageId: stage.id,
      amount: String((5 + int(195)) * 10_000_000),
      expectedCloseDate: new Date(now.getTime() + (int(90) + 7) * DAY).toISOString().slice(0, 10),
      source: pick(SOURCES),
    });
    counts.deals += 1;
  }
  return { tenantId, counts };
}

interface DemoPipeline {
  isDefault: boolean;
  stages: { id: string; kind: 'open' | 'won' | 'lost' }[];
}
