import { accountsApi } from '../../../shared/contracts/accounts.js';
import { ctxOf } from '../../lib/context.js';
import { bind } from '../../lib/route.js';
import { LoginThrottle, SESSION_COOKIE } from '../auth/index.js';
import type { ModuleDeps } from '../manifest.js';
import * as service from './service.js';
import { ConsoleSmsProvider, type SmsProvider } from './sms.js';

export const accountRoutes = (deps: ModuleDeps) => {
  const db = deps.database.db;
  // Its own back-off counters (one set per app): activation codes and SMS codes are guessed apart
  // from passwords, and a flood of one does not slow the sign-in of the other.
  const pub = { ...deps, throttle: new LoginThrottle() };
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.config.cookieSecure,
  };
  // A deployment's gateway goes here; without one (SMS_PROVIDER=none) the SMS routes answer 503.
  const providerFor = (log: ConstructorParameters<typeof ConsoleSmsProvider>[0]): SmsProvider | null =>
    deps.config.smsProvider === 'console' ? new ConsoleSmsProvider(log) : null;
  const meta = (req: { id: unknown; ip: string }) => ({ requestId: String(req.id), ip: req.ip });
  // The same coarse cap per address as the password sign-in, on top of the back-off.
  const capped = { config: { rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute' } } };

  return [
    bind(accountsApi.summary, async (req) => service.summary(db, ctxOf(req), req.query.orgId)),
    bind(accountsApi.members, async (req) => service.members(db, ctxOf(req), req.query)),
    bind(accountsApi.issue, async (req, reply) => {
      reply.code(201);
      return service.issue(db, ctxOf(req), req.body.orgId);
    }),
    bind(accountsApi.batches, async (req) => service.batches(db, ctxOf(req), req.query)),
    bind(accountsApi.slips, async (req) => service.slips(db, ctxOf(req), req.params.id)),
    bind(accountsApi.reissue, async (req) => service.reissue(db, ctxOf(req), req.params.id)),
    bind(accountsApi.caseAccount, async (req) => service.caseAccount(db, ctxOf(req), req.params.id)),
    bind(accountsApi.issueForCase, async (req) => service.issueForCase(db, ctxOf(req), req.params.id)),

    bind(
      accountsApi.activate,
      async (req, reply) => {
        const r = await service.activate(pub, req.body, meta(req), req.cookies[SESSION_COOKIE]);
        reply.setCookie(SESSION_COOKIE, r.token, cookieOptions);
        return { ok: true as const, mustChangePassword: r.mustChangePassword, username: r.username };
      },
      capped,
    ),
    bind(
      accountsApi.smsCode,
      async (req) => {
        await service.requestSmsCode(pub, providerFor(req.log), req.body, meta(req));
        return { ok: true as const };
      },
      capped,
    ),
    bind(
      accountsApi.smsLogin,
      async (req, reply) => {
        const r = await service.smsLogin(
          pub,
          providerFor(req.log),
          req.body,
          meta(req),
          req.cookies[SESSION_COOKIE],
        );
        reply.setCookie(SESSION_COOKIE, r.token, cookieOptions);
        return { ok: true as const, mustChangePassword: r.mustChangePassword };
      },
      capped,
    ),
    bind(
      accountsApi.resetPassword,
      async (req, reply) => {
        await service.resetPassword(pub, providerFor(req.log), req.body, meta(req));
        // Every session of the account ended, this browser's too if it had one.
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return { ok: true as const };
      },
      capped,
    ),
  ];
};
