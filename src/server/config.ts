import path from 'node:path';
import { z } from 'zod';

/**
 * The environment, parsed once. Every variable is documented in README.md; an unknown value
 * fails start-up with the variable's name rather than misbehaving later.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  /** Where the embedded PGlite database lives when DATABASE_URL is not set. */
  DATA_DIR: z.string().default('./data'),
  /** PostgreSQL connection string; when set, PGlite is not used and no demo is seeded. */
  DATABASE_URL: z.string().optional(),
  /**
   * A streaming replica of DATABASE_URL (a hot standby): dashboards, reports, compliance pages,
   * rankings and exports read from it, everything else from DATABASE_URL (decision 0050).
   */
  DATABASE_READ_URL: z.string().optional(),
  /**
   * Milliseconds a heavy read waits for the replica to replay the caller's own last write before
   * it reads the primary instead (read-your-writes).
   */
  REPLICA_WAIT_MS: z.coerce.number().int().min(0).max(5000).default(200),
  /** 1: seed the demo on first start (default for embedded), 0: never. */
  JICENG_DEMO: z.enum(['0', '1']).optional(),
  JICENG_DEMO_PASSWORD: z.string().min(8).optional(),
  /** Idle minutes after which a session expires. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Hours after sign-in at which a session ends however active it is (absolute lifetime). */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  /** Set to 1 behind HTTPS so the session cookie is marked Secure (and HSTS is sent). */
  COOKIE_SECURE: z.enum(['0', '1']).default('0'),
  /** Login attempts per IP per minute. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  /**
   * The reverse proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDRs, or
   * 'loopback'. Empty (the default): the socket's address is the client's, and a forged header is
   * ignored (otherwise anyone picks their IP for the rate limit and the audit log).
   */
  TRUST_PROXY: z.string().default(''),
  /** Origins besides the server's own allowed to send state-changing requests (comma-separated). */
  ALLOWED_ORIGINS: z.string().default(''),
  /** Seconds a client has to send a request's headers (slow-header clients are cut off). */
  HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  /** Seconds a client has to send a whole request, body included (uploads need the most). */
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /**
   * Seconds a connection may stay silent (nothing read, nothing written) before it is closed: a
   * client that stops reading its answer. Generous, because a request being worked on without
   * output (a large report) is silent too.
   */
  IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** Seconds an idle keep-alive connection is kept for the next request. */
  KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 1: run the daily reminders job inside the server (default), 0: leave it to cron (`npm run job:daily`). */
  JOBS_IN_PROCESS: z.enum(['0', '1']).default('1'),
  /** Directory of the built web UI; served at / when present. */
  WEB_DIST: z.string().default('./dist/web'),
  /**
   * 在线缴纳党费: the payment provider ('simulated' plays one inside the app; 'off' none). Unset: the
   * simulated provider when the demo is seeded, none otherwise (decision 0041).
   */
  PAYMENT_PROVIDER: z.enum(['simulated', 'off']).optional(),
  /** The simulated provider's signing key (at least 32 characters); unset: derived from the deployment key. */
  PAYMENT_SIMULATED_SECRET: z.string().min(32).optional(),
  /**
   * Where SMS codes (sign-in, password reset) go: `console` writes them to the server log (the demo
   * and the tests), `none` turns the SMS routes off (503). Unset: console with the demo, else none.
   */
  SMS_PROVIDER: z.enum(['console', 'none']).optional(),
});

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The replica for heavy reads (PostgreSQL only), or undefined: every read on the primary. */
  databaseReadUrl: string | undefined;
  replicaWaitMs: number;
  seedDemo: boolean;
  demoPassword: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  cookieSecure: boolean;
  loginRateLimit: number;
  /** Fastify's trustProxy: false, or the proxies' addresses/CIDRs ('loopback' included). */
  trustProxy: false | string[];
  /** Extra origins (scheme://host[:port]) allowed on state-changing requests. */
  allowedOrigins: string[];
  /** Milliseconds: headers, whole request, idle socket, keep-alive. */
  timeouts: { headers: number; request: number; idle: number; keepAlive: number };
  logLevel: string;
  webDist: string;
  jobsInProcess: boolean;
  /** The payment provider for online dues, or null (online payment not enabled). */
  paymentProvider: 'simulated' | null;
  paymentSimulatedSecret: string | undefined;
  /** The SMS provider of sign-in and reset codes (modules/accounts/sms.ts); none: SMS is off. */
  smsProvider: 'console' | 'none';
  /** Business dates are Asia/Shanghai (DESIGN §4.4). */
  timeZone: string;
}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`环境变量有误 (invalid environment): ${issues}`);
  }
  const e = parsed.data;
  const embedded = !e.DATABASE_URL;
  if (e.DATABASE_READ_URL && embedded) {
    throw new Error(
      '环境变量有误 (invalid environment): DATABASE_READ_URL 只读副本需要同时设置 DATABASE_URL',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL || undefined,
    replicaWaitMs: e.REPLICA_WAIT_MS,
    seedDemo: e.JICENG_DEMO ? e.JICENG_DEMO === '1' : embedded,
    demoPassword: e.JICENG_DEMO_PASSWORD,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    cookieSecure: e.COOKIE_SECURE === '1',
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    trustProxy: list(e.TRUST_PROXY).length ? list(e.TRUST_PROXY) : false,
    allowedOrigins: list(e.ALLOWED_ORIGINS).map((o) => o.replace(/\/+$/, '').toLowerCase()),
    timeouts: {
      // Node refuses a headers timeout longer than the request timeout.
      headers: Math.min(e.HEADERS_TIMEOUT_SECONDS, e.REQUEST_TIMEOUT_SECONDS) * 1000,
      request: e.REQUEST_TIMEOUT_SECONDS * 1000,
      idle: e.IDLE_TIMEOUT_SECONDS * 1000,
      keepAlive: e.KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
    },
    logLevel: e.LOG_LEVEL,
    webDist: path.resolve(e.WEB_DIST),
    jobsInProcess: e.JOBS_IN_PROCESS === '1',
    paymentProvider: e.PAYMENT_PROVIDER
      ? e.PAYMENT_PROVIDER === 'simulated'
        ? 'simulated'
        : null
      : (e.JICENG_DEMO ? e.JICENG_DEMO === '1' : embedded)
        ? 'simulated'
        : null,
    paymentSimulatedSecret: e.PAYMENT_SIMULATED_SECRET,
    smsProvider: e.SMS_PROVIDER ?? ((e.JICENG_DEMO ? e.JICENG_DEMO === '1' : embedded) ? 'console' : 'none'),
    timeZone: 'Asia/Shanghai',
  };
}
