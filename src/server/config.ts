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
  /** Set to 1 behind HTTPS so the session cookie is marked Secure. */
  COOKIE_SECURE: z.enum(['0', '1']).default('0'),
  /** Login attempts per IP per minute. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 1: run the daily reminders job inside the server (default), 0: leave it to cron (`npm run job:daily`). */
  JOBS_IN_PROCESS: z.enum(['0', '1']).default('1'),
  /** Directory of the built web UI; served at / when present. */
  WEB_DIST: z.string().default('./dist/web'),
});

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  seedDemo: boolean;
  demoPassword: string | undefined;
  sessionIdleMinutes: number;
  cookieSecure: boolean;
  loginRateLimit: number;
  logLevel: string;
  webDist: string;
  jobsInProcess: boolean;
  /** Business dates are Asia/Shanghai (DESIGN §4.4). */
  timeZone: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`环境变量有误 (invalid environment): ${issues}`);
  }
  const e = parsed.data;
  const embedded = !e.DATABASE_URL;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    seedDemo: e.JICENG_DEMO ? e.JICENG_DEMO === '1' : embedded,
    demoPassword: e.JICENG_DEMO_PASSWORD,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    cookieSecure: e.COOKIE_SECURE === '1',
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    logLevel: e.LOG_LEVEL,
    webDist: path.resolve(e.WEB_DIST),
    jobsInProcess: e.JOBS_IN_PROCESS === '1',
    timeZone: 'Asia/Shanghai',
  };
}
