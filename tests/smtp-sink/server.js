'use strict';
// A real SMTP server on loopback for the mail tests. It accepts every message (except for the
// addresses it is told to refuse), parses it with mailparser and keeps it as JSON: one file per
// message in SMTP_SINK_DIR, and in memory for a tiny HTTP API.
//
// Environment:
//   SMTP_SINK_HOST        address to listen on (default 127.0.0.1; loopback only)
//   SMTP_SINK_PORT        SMTP port (default 2525; 0 picks a free one)
//   SMTP_SINK_HTTP_PORT   HTTP API port (default 2526; 0 picks a free one)
//   SMTP_SINK_DIR         where message files go (default ./messages)
//   SMTP_SINK_READY_FILE  if set, {"smtpPort", "httpPort", "pid"} is written there once both ports listen
//   SMTP_SINK_REFUSE      recipients whose local part matches this regex get 550 (default ^refuse)
//   SMTP_SINK_DEFER       recipients whose local part matches this regex get 450 (default ^defer)
//   SMTP_SINK_PARENT_PID  if set, the sink exits when that process is gone (so a crashed test run leaves nothing behind)
//
// HTTP API:
//   GET    /messages[?to=address]   the stored messages, oldest first, optionally only those to one recipient
//   DELETE /messages                forget every stored message (and delete its file)
//   GET    /health                  {"ok": true}
//
// It prints one line, "smtp-sink listening smtp=PORT http=PORT dir=DIR", when it is ready.

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

const host = process.env.SMTP_SINK_HOST || '127.0.0.1';
const smtpPort = Number(process.env.SMTP_SINK_PORT ?? 2525);
const httpPort = Number(process.env.SMTP_SINK_HTTP_PORT ?? 2526);
const dir = path.resolve(process.env.SMTP_SINK_DIR || path.join(__dirname, 'messages'));
const readyFile = process.env.SMTP_SINK_READY_FILE;
const refuse = new RegExp(process.env.SMTP_SINK_REFUSE || '^refuse', 'i');
const defer = new RegExp(process.env.SMTP_SINK_DEFER || '^defer', 'i');
const parentPid = Number(process.env.SMTP_SINK_PARENT_PID || 0);

fs.mkdirSync(dir, { recursive: true });

const messages = [];
let counter = 0;

function headerText(value) {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(headerText).join(', ');
  if (typeof value.text === 'string') return value.text; // address lists
  if (typeof value.value === 'string') {
    const params = Object.entries(value.params || {}).map(([k, v]) => `; ${k}=${v}`).join('');
    return value.value + params; // content-type and friends
  }
  return JSON.stringify(value);
}

async function store(stream, session) {
  const parsed = await simpleParser(stream, { skipTextToHtml: true, skipTextLinks: true });
  const headers = {};
  for (const [name, value] of parsed.headers) headers[name] = headerText(value);
  counter += 1;
  const message = {
    id: `${Date.now()}-${String(counter).padStart(6, '0')}`,
    receivedAt: new Date().toISOString(),
    envelope: {
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      to: session.envelope.rcptTo.map((r) => r.address),
    },
    from: headerText(parsed.from),
    to: headerText(parsed.to),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: parsed.html || '',
    messageId: parsed.messageId ?? '',
    contentType: parsed.headers.get('content-type')?.value ?? '',
    headers,
    rawHeaders: parsed.headerLines.map((h) => h.line),
  };
  const file = path.join(dir, `${message.id}.json`);
  fs.writeFileSync(file, JSON.stringify(message, null, 2));
  message.file = file;
  messages.push(message);
  return message;
}

const smtp = new SMTPServer({
  name: 'smtp-sink.local',
  banner: 'campaign smtp-sink',
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  size: 20 * 1024 * 1024,
  logger: false,
  // Loopback clients have no useful reverse DNS, and the lookup would slow every connection.
  disableReverseLookup: true,
  onRcptTo(address, session, callback) {
    const local = address.address.split('@')[0];
    if (refuse.test(local)) {
      const error = new Error('5.1.1 Mailbox unavailable (refused by smtp-sink)');
      error.responseCode = 550;
      return callback(error);
    }
    if (defer.test(local)) {
      const error = new Error('4.2.1 Mailbox busy, try again later (smtp-sink)');
      error.responseCode = 450;
      return callback(error);
    }
    return callback();
  },
  onData(stream, session, callback) {
    // Reply 250 only once the message is stored, so a client that was told "accepted" can read it at once.
    store(stream, session).then(
      () => callback(),
      (error) => {
        console.error(`smtp-sink: could not store a message: ${error.stack || error}`);
        error.responseCode = 451;
        callback(error);
      });
  },
});
smtp.on('error', (error) => console.error(`smtp-sink: ${error.message}`));

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(json);
}

const api = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/health' && req.method === 'GET') return send(res, 200, { ok: true });
  if (url.pathname === '/messages' && req.method === 'GET') {
    const to = (url.searchParams.get('to') || '').toLowerCase();
    const found = to ? messages.filter((m) => m.envelope.to.some((r) => r.toLowerCase() === to)) : messages;
    return send(res, 200, found.map(({ file, ...m }) => m));
  }
  if (url.pathname === '/messages' && req.method === 'DELETE') {
    for (const m of messages.splice(0)) fs.rmSync(m.file, { force: true });
    return send(res, 200, { deleted: true });
  }
  return send(res, 404, { error: 'not found' });
});

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.server ? server.server.address().port : server.address().port));
  });
}

function stop() {
  api.close();
  smtp.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);

if (parentPid > 0) {
  setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch {
      stop();
    }
  }, 1000).unref();
}

(async () => {
  try {
    const smtpBound = await listen(smtp, smtpPort);
    const httpBound = await listen(api, httpPort);
    if (readyFile) {
      const temp = `${readyFile}.tmp`;
      fs.writeFileSync(temp, JSON.stringify({ smtpPort: smtpBound, httpPort: httpBound, pid: process.pid }));
      fs.renameSync(temp, readyFile);
    }
    console.log(`smtp-sink listening smtp=${smtpBound} http=${httpBound} dir=${dir}`);
  } catch (error) {
    console.error(`smtp-sink: could not listen: ${error.message}`);
    process.exit(1);
  }
})();
