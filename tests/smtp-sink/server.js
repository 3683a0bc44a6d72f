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
//   SMTP_SINK_NO_DELAY    1: greet at once; by default smtp-server waits 100 ms per connection to catch early talkers
//   SMTP_SINK_TLS_KEY, SMTP_SINK_TLS_CERT   PEM files; when both are set the sink also listens with STARTTLS
//                         (SMTP_SINK_STARTTLS_PORT) and with implicit TLS (SMTP_SINK_TLS_PORT); both default to 0
//
// HTTP API:
//   GET    /messages[?to=address]   the stored messages, oldest first, optionally only those to one recipient;
//                                   each says which connection carried it (connection.id, .secure, .pipelined, .sequence)
//   GET    /messages/ID/raw         the message exactly as received (message/rfc822), e.g. to verify a DKIM signature
//   DELETE /messages                forget every stored message (and delete its file)
//   GET    /connections[?to=address]  {"opened", "open", "connections": [...]}: every SMTP connection accepted, or only
//                                   those that carried mail to the address
//   POST   /connections/close?to=address  says 421 and closes the open connections that carried mail to the address
//                                   (as a server's idle timeout does); without ?to= every open connection
//   POST   /refuse?address=a        RCPT TO that exact address gets 550 from now on; DELETE /refuse?address=a undoes it
//   GET    /health                  {"ok": true}
//
// It prints one line, "smtp-sink listening smtp=PORT http=PORT dir=DIR", when it is ready.

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { SMTPServer } = require('smtp-server');
const { SMTPConnection } = require('smtp-server/lib/smtp-connection.js');
const { simpleParser } = require('mailparser');

const host = process.env.SMTP_SINK_HOST || '127.0.0.1';
const smtpPort = Number(process.env.SMTP_SINK_PORT ?? 2525);
const httpPort = Number(process.env.SMTP_SINK_HTTP_PORT ?? 2526);
const dir = path.resolve(process.env.SMTP_SINK_DIR || path.join(__dirname, 'messages'));
const readyFile = process.env.SMTP_SINK_READY_FILE;
const refuse = new RegExp(process.env.SMTP_SINK_REFUSE || '^refuse', 'i');
const defer = new RegExp(process.env.SMTP_SINK_DEFER || '^defer', 'i');
const parentPid = Number(process.env.SMTP_SINK_PARENT_PID || 0);
const noDelay = process.env.SMTP_SINK_NO_DELAY === '1';
const tlsKey = process.env.SMTP_SINK_TLS_KEY;
const tlsCert = process.env.SMTP_SINK_TLS_CERT;
const startTlsPort = Number(process.env.SMTP_SINK_STARTTLS_PORT ?? 0);
const tlsPort = Number(process.env.SMTP_SINK_TLS_PORT ?? 0);
const refusedAddresses = new Set();

// Every connection accepted, by smtp-server's connection id: what tests count to see that connections are reused.
const connections = new Map();
let connectionsOpened = 0;

function track(connection) {
  let info = connections.get(connection.id);
  if (!info) {
    connectionsOpened += 1;
    info = { id: connection.id, openedAt: new Date().toISOString(), open: true, secure: false, pipelined: false, messages: 0, recipients: [], connection };
    connections.set(connection.id, info);
    // Keep the table small on long runs (the benchmark): forget the oldest closed ones.
    if (connections.size > 5000) {
      for (const [id, old] of connections) {
        if (!old.open) connections.delete(id);
        if (connections.size <= 4000) break;
      }
    }
  }
  return info;
}

// smtp-server offers no hook for either of these, so two of its methods are wrapped (the version is pinned).
const originalInit = SMTPConnection.prototype.init;
SMTPConnection.prototype.init = function init() {
  track(this);
  if (!noDelay) return originalInit.call(this);
  // The same as smtp-server's init() without its 100 ms wait for early talkers before the greeting.
  return this._setListeners(() => {
    if (this._server.options.maxClients && this._server.connections.size > this._server.options.maxClients) {
      return this.send(421, this.name + ' Too many connected clients, try again in a moment', false);
    }
    this.connectionReady();
  });
};

// A client that pipelines (RFC 2920) sends MAIL FROM and RCPT TO in one write, so both arrive in one chunk.
const originalCreateParser = SMTPConnection.prototype._createParser;
SMTPConnection.prototype._createParser = function createParser() {
  const parser = originalCreateParser.call(this);
  const connection = this;
  const write = parser._write;
  parser._write = function pipelineAwareWrite(chunk, encoding, done) {
    const text = chunk.toString('latin1');
    if (/^MAIL FROM:/im.test(text) && /^RCPT TO:/im.test(text)) track(connection).pipelined = true;
    return write.call(this, chunk, encoding, done);
  };
  return parser;
};

function connectionView({ connection, ...info }) {
  return info;
}

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
  const chunks = [];
  stream.on('data', (chunk) => chunks.push(chunk));
  const parsed = await simpleParser(stream, { skipTextToHtml: true, skipTextLinks: true });
  const info = connections.get(session.id);
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
    connection: {
      id: session.id,
      secure: !!session.secure,
      pipelined: !!(info && info.pipelined),
      sequence: info ? info.messages + 1 : 1,
    },
  };
  if (info) {
    info.messages += 1;
    info.secure = !!session.secure;
    info.recipients.push(...message.envelope.to.map((r) => r.toLowerCase()));
  }
  const file = path.join(dir, `${message.id}.json`);
  fs.writeFileSync(file, JSON.stringify(message, null, 2));
  fs.writeFileSync(path.join(dir, `${message.id}.eml`), Buffer.concat(chunks));
  message.file = file;
  messages.push(message);
  return message;
}

const handlers = {
  name: 'smtp-sink.local',
  banner: 'campaign smtp-sink',
  authOptional: true,
  size: 20 * 1024 * 1024,
  logger: false,
  // Loopback clients have no useful reverse DNS, and the lookup would slow every connection.
  disableReverseLookup: true,
  // Any user name and password sign in: the sink tests what a client sends, not who it is.
  onAuth(auth, session, callback) {
    callback(null, { user: auth.username });
  },
  onClose(session) {
    const info = connections.get(session.id);
    if (info) info.open = false;
  },
  onRcptTo(address, session, callback) {
    const local = address.address.split('@')[0];
    if (refuse.test(local) || refusedAddresses.has(address.address.toLowerCase())) {
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
};

const smtp = new SMTPServer({ ...handlers, disabledCommands: ['STARTTLS'] });
const servers = [smtp];
let startTls = null;
let implicitTls = null;
if (tlsKey && tlsCert) {
  const key = fs.readFileSync(tlsKey);
  const cert = fs.readFileSync(tlsCert);
  startTls = new SMTPServer({ ...handlers, key, cert });
  implicitTls = new SMTPServer({ ...handlers, key, cert, secure: true });
  servers.push(startTls, implicitTls);
}
for (const server of servers) server.on('error', (error) => console.error(`smtp-sink: ${error.message}`));

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
    for (const m of messages.splice(0)) {
      fs.rmSync(m.file, { force: true });
      fs.rmSync(m.file.replace(/\.json$/, '.eml'), { force: true });
    }
    return send(res, 200, { deleted: true });
  }
  const raw = url.pathname.match(/^\/messages\/([^/]+)\/raw$/);
  if (raw && req.method === 'GET') {
    const found = messages.find((m) => m.id === raw[1]);
    if (!found) return send(res, 404, { error: 'no such message' });
    res.writeHead(200, { 'content-type': 'message/rfc822', 'cache-control': 'no-store' });
    return res.end(fs.readFileSync(found.file.replace(/\.json$/, '.eml')));
  }
  const to = (url.searchParams.get('to') || '').toLowerCase();
  const carried = (info) => !to || info.recipients.includes(to);
  if (url.pathname === '/connections' && req.method === 'GET') {
    const list = [...connections.values()].filter(carried);
    return send(res, 200, { opened: connectionsOpened, open: list.filter((c) => c.open).length, connections: list.map(connectionView) });
  }
  if (url.pathname === '/connections/close' && req.method === 'POST') {
    let closed = 0;
    for (const info of connections.values()) {
      if (!info.open || !carried(info)) continue;
      info.connection.send(421, 'smtp-sink.local Closing idle connection (asked to by a test)');
      info.connection.close();
      closed += 1;
    }
    return send(res, 200, { closed });
  }
  if (url.pathname === '/refuse' && (req.method === 'POST' || req.method === 'DELETE')) {
    const address = (url.searchParams.get('address') || '').toLowerCase();
    if (!address) return send(res, 400, { error: 'address= is required' });
    if (req.method === 'POST') refusedAddresses.add(address);
    else refusedAddresses.delete(address);
    return send(res, 200, { refused: [...refusedAddresses] });
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
  for (const server of servers.slice(1)) server.close();
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
    const ports = { smtpPort: smtpBound, httpPort: httpBound, pid: process.pid };
    if (startTls) ports.startTlsPort = await listen(startTls, startTlsPort);
    if (implicitTls) ports.tlsPort = await listen(implicitTls, tlsPort);
    if (readyFile) {
      const temp = `${readyFile}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(ports));
      fs.renameSync(temp, readyFile);
    }
    const tls = startTls ? ` starttls=${ports.startTlsPort} tls=${ports.tlsPort}` : '';
    console.log(`smtp-sink listening smtp=${smtpBound} http=${httpBound}${tls} dir=${dir}${noDelay ? ' no-delay' : ''}`);
  } catch (error) {
    console.error(`smtp-sink: could not listen: ${error.message}`);
    process.exit(1);
  }
})();
