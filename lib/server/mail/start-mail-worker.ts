import 'server-only';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { mailConfig } from './mail-config';
import { setMailWake } from './enqueue-mail';
import { scanMailEvents } from './scan-mail-events';
import { sendDueMail } from './send-due-mail';

const globalForWorker = globalThis as unknown as { relaisMailWorker?: boolean };

/**
 * The mail worker inside the server (instrumentation.ts; decision 0027): in one process only —
 * the first worker of lib/runtime/serve.mjs, like the retention job; RELAIS_MAIL_WORKER=off in
 * the others. It sends what is due every RELAIS_MAIL_POLL_MS (at once when this process enqueued
 * something) and scans for overdue referrals, drafts and digests every RELAIS_MAIL_SCAN_SECONDS.
 * A failure is logged without content and the next round tries again; the outbox is the state.
 */
export function startMailWorker(): void {
  const config = mailConfig();
  if (!config || globalForWorker.relaisMailWorker) return;
  globalForWorker.relaisMailWorker = true;
  // SMTP timeouts well inside the lease: a send still running when its lease ends would be sent twice.
  const timeout = Math.max(Math.floor(config.leaseMs / 3), 1000);
  const options: SMTPPool.Options & { maxRequeues: number } = {
    url: config.smtpUrl,
    pool: true,
    maxConnections: 4,
    // The pool would otherwise resend, on a new connection, a message whose connection closed
    // after the server may have accepted it: the outbox retries, with the same Message-ID.
    maxRequeues: 0,
    connectionTimeout: Math.min(timeout, 15_000),
    greetingTimeout: Math.min(timeout, 15_000),
    socketTimeout: timeout,
  };
  const transport = nodemailer.createTransport(options);
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  let lastScan = 0;

  const round = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    if (timer) clearTimeout(timer);
    let busy = false;
    try {
      if (Date.now() - lastScan >= config.scanMs) {
        lastScan = Date.now();
        const scan = scanMailEvents();
        if (scan.overdue + scan.draftWarnings + scan.digests > 0) console.log('[mail] scan', JSON.stringify(scan));
      }
      const result = await sendDueMail({ config, transport });
      busy = result.claimed > 0;
    } catch (e) {
      console.error('[mail] round failed:', e instanceof Error ? e.name : typeof e);
    } finally {
      running = false;
      const next = again || busy ? 0 : config.pollMs;
      again = false;
      timer = setTimeout(() => void round(), next);
      timer.unref();
    }
  };
  setMailWake(() => {
    if (running) again = true;
    else setImmediate(() => void round());
  });
  timer = setTimeout(() => void round(), 0);
  timer.unref();
  console.log('[mail] worker started');
}
