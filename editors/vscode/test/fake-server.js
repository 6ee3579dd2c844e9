#!/usr/bin/env node
// Stands in for `nnc lsp --stdio` in smoke.js: speaks just enough LSP over stdio (initialize, shutdown,
// exit) and logs what it was asked, one line each, to the file named by NNC_FAKE_SERVER_LOG.
"use strict";
const { appendFileSync } = require("node:fs");

const log = (line) => appendFileSync(process.env.NNC_FAKE_SERVER_LOG, line + "\n");
log(`argv ${process.argv.slice(2).join(" ")}`);

function send(message) {
  const body = JSON.stringify({ jsonrpc: "2.0", ...message });
  process.stdout.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

let buffer = Buffer.alloc(0);
process.stdin.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
    buffer = buffer.subarray(headerEnd + 4 + length);
    log(message.method ?? "response");
    if (message.method === "initialize") {
      send({ id: message.id, result: { capabilities: { textDocumentSync: 1, hoverProvider: true } } });
    } else if (message.method === "shutdown") {
      send({ id: message.id, result: null });
    } else if (message.method === "exit") {
      process.exit(0);
    }
  }
});
